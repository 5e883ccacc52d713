//! Judging an RPL unit through the real router: the assessor assigned to an application
//! in assessment opens it from their home, is refused Competent while criteria are not
//! covered (what they typed comes back), records the observation checklist, an answer
//! and the third-party report from the sheet's forms, signs Not Yet Competent with the
//! gap-training plan, and gives the outcome; the candidate then reads it. Nobody else —
//! other roles, an assessor not assigned, another institute, anyone signed out, another
//! site — reaches any of it, and their attempts change nothing.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{app, json_of, location, TestApp};
use store::seed::seed_id;
use wire::rpl::{AssessorApplication, CandidatePage, UnitSheet};

/// An application for the first unit with a published package, accepted and with the
/// candidate's evidence ready; assigned to the demo's assessor when `assigned`. Its id
/// and the unit's.
async fn in_assessment(app: &TestApp, assigned: bool) -> (String, String) {
    let (institute,): (String,) = sqlx::query_as("SELECT id FROM institutes")
        .fetch_one(&app.pool)
        .await
        .expect("institute");
    let (unit, qualification) = store::testing::published_package(&app.pool, &institute).await;
    let learner = app.cookie_for("learner").await;
    let body = format!(
        "qualification={qualification}&unit={unit}&workplace=Kampong+Cham+Electric&third_party_name=Mr+Sok&third_party_phone=012+999+888"
    );
    app.post_form_as("/learn/rpl/apply", &learner, &body).await;
    let page: CandidatePage = json_of(app, "/api/learn/rpl", &learner).await;
    let id = page.applications[0].id.clone();
    let admin = app.cookie_for("admin").await;
    app.post_form_as(&format!("/admin/rpl/{id}/step"), &admin, "step=accept")
        .await;
    if assigned {
        let assessor = seed_id("user:assessor");
        let (_, headers, _) = app
            .post_form_as(
                &format!("/admin/rpl/{id}/assign"),
                &admin,
                &format!("assessor={assessor}"),
            )
            .await;
        assert_eq!(location(&headers), format!("/admin/rpl/{id}?assigned=1"));
    }
    app.post_form_as(&format!("/learn/rpl/{id}/step"), &learner, "step=ready")
        .await;
    (id, unit)
}

#[tokio::test]
async fn an_assessor_judges_decides_and_the_candidate_reads_the_outcome() {
    let app = app().await;
    let (id, unit) = in_assessment(&app, true).await;
    let assessor = app.cookie_for("assessor").await;
    let (_, _, home) = app.get("/assess", Some(&assessor)).await;
    assert!(
        home.contains(&format!("href=\"/assess/rpl/{id}\"")),
        "{home}"
    );
    let (status, _, html) = app.get(&format!("/assess/rpl/{id}"), Some(&assessor)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(&format!("href=\"/assess/rpl/{id}/units/{unit}\"")),
        "{html}"
    );
    assert!(html.contains("Not decided yet") && !html.contains("id=\"step-decided\""));
    let overview: AssessorApplication =
        json_of(&app, &format!("/api/assess/application?id={id}"), &assessor).await;
    assert_eq!(overview.third_party_phone, "012 999 888");
    assert_eq!(overview.units.len(), 1);

    let sheet_api = format!("/api/assess/unit?application={id}&unit={unit}");
    let sheet: UnitSheet = json_of(&app, &sheet_api, &assessor).await;
    assert!(sheet.may_judge && sheet.findings.is_empty() && sheet.decision.is_none());
    assert!(sheet.criteria.len() >= 2, "{:?}", sheet.criteria);
    assert!(sheet.criteria.iter().all(|c| c.covered_by.is_empty()));
    let sheet_page = format!("/assess/rpl/{id}/units/{unit}");
    let (status, _, html) = app.get(&sheet_page, Some(&assessor)).await;
    assert_eq!(status, StatusCode::OK);
    for c in &sheet.criteria {
        assert!(
            html.contains(&format!("name=\"task.0.{}\"", c.id)),
            "{html}"
        );
    }
    assert!(html.contains("name=\"question.0\"") && html.contains("name=\"third_party\""));

    // Competent with nothing covered: refused with the reason and what was typed.
    let (_, headers, _) = app
        .post_form_as(
            &format!("{sheet_page}/decide"),
            &assessor,
            "outcome=competent&basis=Watched+him&feedback=Good+work&reason=&seen=",
        )
        .await;
    let back = location(&headers);
    assert!(
        back.starts_with(&format!(
            "{sheet_page}?error=not_covered&outcome=competent&basis=Watched%20him"
        )),
        "{back}"
    );
    let (_, _, html) = app.get(&back, Some(&assessor)).await;
    assert!(
        html.contains("Competent needs every criterion covered"),
        "{html}"
    );
    assert!(html.contains(">Watched him</textarea>") && html.contains(">Good work</textarea>"));
    // No outcome chosen: said so.
    let (_, headers, _) = app
        .post_form_as(
            &format!("{sheet_page}/decide"),
            &assessor,
            "basis=x&feedback=y",
        )
        .await;
    assert!(location(&headers).starts_with(&format!("{sheet_page}?error=outcome")));

    // The findings: every criterion observed, the last one not yet; the answer and the
    // supervisor's report satisfactory.
    let last = sheet.criteria.last().expect("criteria").id.clone();
    let mut form = String::from("seen=");
    for c in &sheet.criteria {
        let mark = if c.id == last { "n" } else { "s" };
        form.push_str(&format!(
            "&task.0.{0}={mark}&note.task.0.{0}=seen+at+work",
            c.id
        ));
    }
    form.push_str("&question.0=s&note.question.0=Explained+the+isolation&third_party=s&note.third_party=Supervisor+says+reliable");
    let (_, headers, _) = app
        .post_form_as(&format!("{sheet_page}/judge"), &assessor, &form)
        .await;
    assert_eq!(location(&headers), format!("{sheet_page}?saved=1"));
    // A field the package does not have: refused, nothing kept.
    let (_, headers, _) = app
        .post_form_as(
            &format!("{sheet_page}/judge"),
            &assessor,
            "seen=&question.7=s",
        )
        .await;
    assert_eq!(location(&headers), format!("{sheet_page}?error=subject"));
    let sheet: UnitSheet = json_of(&app, &sheet_api, &assessor).await;
    assert_eq!(sheet.findings.len(), sheet.criteria.len() + 2);
    let uncovered: Vec<&str> = sheet
        .criteria
        .iter()
        .filter(|c| c.covered_by.is_empty())
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(uncovered, vec![last.as_str()]);
    assert_eq!(sheet.gap_plan.len(), 1);
    // The same form again (nothing changed on the page) adds no version.
    let seen = sheet.seen.join(",");
    let again = form.replacen("seen=", &format!("seen={seen}"), 1);
    app.post_form_as(&format!("{sheet_page}/judge"), &assessor, &again)
        .await;
    let (judgements,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM rpl_judgements")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(judgements as usize, sheet.criteria.len() + 2);

    // Not Yet Competent, signed; the outcome given.
    let (_, headers, _) = app
        .post_form_as(
            &format!("{sheet_page}/decide"),
            &assessor,
            "outcome=not_yet_competent&basis=Observed+at+Kampong+Cham+Electric&feedback=Practise+testing+before+you+switch+on&reason=&seen=",
        )
        .await;
    assert_eq!(location(&headers), format!("{sheet_page}?signed=1"));
    let (_, _, html) = app
        .get(&format!("{sheet_page}?signed=1"), Some(&assessor))
        .await;
    assert!(
        html.contains("The decision is signed.")
            && html.contains("data-outcome=\"not_yet_competent\"")
    );
    let (_, _, html) = app.get(&format!("/assess/rpl/{id}"), Some(&assessor)).await;
    assert!(html.contains("id=\"step-decided\""), "{html}");
    // The candidate reads nothing before the outcome is given.
    let learner = app.cookie_for("learner").await;
    let page: CandidatePage = json_of(&app, "/api/learn/rpl", &learner).await;
    assert!(page.outcomes.is_empty());
    let (_, headers, _) = app
        .post_form_as(&format!("/assess/rpl/{id}/step"), &assessor, "step=decided")
        .await;
    assert_eq!(location(&headers), format!("/assess/rpl/{id}"));
    let page: CandidatePage = json_of(&app, "/api/learn/rpl", &learner).await;
    assert_eq!(page.applications[0].stage, "decided");
    assert_eq!(page.outcomes.len(), 1);
    assert_eq!(page.outcomes[0].outcome, "not_yet_competent");
    assert_eq!(page.outcomes[0].gaps.len(), 1);
    let (_, _, html) = app.get("/learn/rpl", Some(&learner)).await;
    assert!(
        html.contains("Not yet competent")
            && html.contains("Practise testing before you switch on"),
        "{html}"
    );
    assert!(html.contains("Gap-training plan"));
    // Decided: the sheet no longer takes findings.
    let (_, headers, _) = app
        .post_form_as(&format!("{sheet_page}/judge"), &assessor, &form)
        .await;
    assert_eq!(location(&headers), format!("{sheet_page}?error=not_now"));
    // The trail names every judgement and the decision.
    let admin = app.cookie_for("admin").await;
    let (_, _, trail) = app.get(&format!("/admin/rpl/{id}"), Some(&admin)).await;
    assert!(
        trail.contains("recorded findings on") && trail.contains("signed a decision on"),
        "{trail}"
    );
    assert!(trail.contains(": Not yet competent"), "{trail}");
}

#[tokio::test]
async fn nobody_else_reaches_judging() {
    let app = app().await;
    let (id, unit) = in_assessment(&app, false).await;
    let sheet_page = format!("/assess/rpl/{id}/units/{unit}");
    let forms = [
        (
            format!("{sheet_page}/judge"),
            "seen=&question.0=s".to_owned(),
        ),
        (
            format!("{sheet_page}/decide"),
            "outcome=not_yet_competent&basis=x&feedback=y".to_owned(),
        ),
        (format!("/assess/rpl/{id}/step"), "step=decided".to_owned()),
    ];
    let apis = [
        format!("/api/assess/application?id={id}"),
        format!("/api/assess/unit?application={id}&unit={unit}"),
    ];
    let pages = [format!("/assess/rpl/{id}"), sheet_page.clone()];
    let snapshot = || async {
        let rows: (i64, i64, i64, String) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM rpl_judgements), (SELECT COUNT(*) FROM rpl_decisions), (SELECT COUNT(*) FROM rpl_steps), (SELECT stage FROM rpl_applications)",
        )
        .fetch_one(&app.pool)
        .await
        .expect("rows");
        rows
    };
    let before = snapshot().await;
    // Other roles: refused.
    for role in ["learner", "trainer", "curriculum", "admin"] {
        let other = app.cookie_for(role).await;
        for (path, body) in &forms {
            let (status, _, _) = app.post_form_as(path, &other, body).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{role} {path}");
        }
        for api in &apis {
            let (status, _, _) = app.get(api, Some(&other)).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{role} {api}");
        }
        for page in &pages {
            let (status, _, html) = app.get(page, Some(&other)).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{role} {page}");
            assert!(!html.contains("Kampong Cham Electric"), "{role} {page}");
        }
    }
    // The assessor before they are assigned, and another institute's: not found.
    for assessor in [
        app.cookie_for("assessor").await,
        app.cookie_in_another_institute("assessor").await,
    ] {
        for (path, body) in &forms {
            let (status, _, _) = app.post_form_as(path, &assessor, body).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        }
        for target in apis.iter().chain(&pages) {
            let (status, _, body) = app.get(target, Some(&assessor)).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{target}");
            assert!(!body.contains("Kampong Cham Electric"), "{target}");
        }
    }
    // Assigned, a unit the application does not claim is not found either.
    let admin = app.cookie_for("admin").await;
    app.post_form_as(
        &format!("/admin/rpl/{id}/assign"),
        &admin,
        &format!("assessor={}", seed_id("user:assessor")),
    )
    .await;
    let assessor = app.cookie_for("assessor").await;
    let stranger = seed_id("unit:nowhere");
    let (status, _, _) = app
        .post_form_as(
            &format!("/assess/rpl/{id}/units/{stranger}/judge"),
            &assessor,
            "seen=&question.0=s",
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = app
        .get(
            &format!("/api/assess/unit?application={id}&unit={stranger}"),
            Some(&assessor),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Signed out: to sign in; another site with the assessor's cookie: refused.
    for (path, body) in &forms {
        let (status, headers, _) = app.post_form(path, body).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{path}");
        assert!(location(&headers).starts_with("/login"), "{path}");
        let request = Request::post(path.as_str())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &assessor)
            .header(header::ORIGIN, "https://evil.example")
            .header("sec-fetch-site", "cross-site")
            .body(Body::from(body.clone()))
            .expect("request");
        let (status, _, _) = app.send(request).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
    }
    for api in &apis {
        let (status, _, _) = app.get(api, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{api}");
    }
    assert_eq!(snapshot().await, before, "nothing changed");
}
