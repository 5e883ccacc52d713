//! RPL applications through the real router: a candidate applies for a unit whose
//! package is published, an admin accepts and assigns an assessor (their own learner's
//! trainer refused with the reason), the assessor finds it on their home, the candidate
//! says their evidence is ready, and the admin reads the trail. Nobody else — other
//! roles, another learner, another institute, anyone signed out, another site — reaches
//! any of it.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{app, json_of, location, TestApp};
use store::seed::seed_id;
use wire::rpl::{ApplicationPage, ApplicationSummary, CandidatePage};

/// A published package for the first unit of the demo standard: the unit and its
/// qualification.
async fn published(app: &TestApp) -> (String, String) {
    let (institute,): (String,) = sqlx::query_as("SELECT id FROM institutes")
        .fetch_one(&app.pool)
        .await
        .expect("institute");
    store::testing::published_package(&app.pool, &institute).await
}

#[tokio::test]
async fn a_candidate_applies_and_the_institute_takes_it_to_assessment() {
    let app = app().await;
    let learner = app.cookie_for("learner").await;
    // Nothing to apply for before a package is published.
    let page: CandidatePage = json_of(&app, "/api/learn/rpl", &learner).await;
    assert!(page.offer.is_empty() && page.applications.is_empty());
    let (unit, qualification) = published(&app).await;
    let (status, _, html) = app.get("/learn/rpl", Some(&learner)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("class=\"card stack apply-form\""), "{html}");
    let (_, _, home) = app.get("/learn", Some(&learner)).await;
    assert!(home.contains("href=\"/learn/rpl\""));

    // No unit ticked: refused, nothing made.
    let (_, headers, _) = app
        .post_form_as(
            "/learn/rpl/apply",
            &learner,
            &format!("qualification={qualification}&workplace=x"),
        )
        .await;
    assert_eq!(location(&headers), "/learn/rpl?error=units");
    let body = format!("qualification={qualification}&unit={unit}&workplace=Kampong+Cham+Electric&third_party_name=Mr+Sok&third_party_phone=012+999+888");
    let (_, headers, _) = app.post_form_as("/learn/rpl/apply", &learner, &body).await;
    assert_eq!(location(&headers), "/learn/rpl?applied=1");
    let page: CandidatePage = json_of(&app, "/api/learn/rpl", &learner).await;
    assert_eq!(page.applications.len(), 1);
    let id = page.applications[0].id.clone();
    assert_eq!(page.applications[0].stage, "submitted");
    let (_, _, html) = app.get("/learn/rpl", Some(&learner)).await;
    assert!(
        html.contains("aria-current=\"step\" data-stage=\"submitted\""),
        "{html}"
    );

    // The admin: the list, the application, accept.
    let admin = app.cookie_for("admin").await;
    let list: Vec<ApplicationSummary> = json_of(&app, "/api/admin/rpl", &admin).await;
    assert_eq!(list.len(), 1);
    let (_, _, html) = app.get(&format!("/admin/rpl/{id}"), Some(&admin)).await;
    assert!(html.contains("id=\"accept-application\"") && html.contains("Mr Sok"));
    let (_, headers, _) = app
        .post_form_as(&format!("/admin/rpl/{id}/step"), &admin, "step=accept")
        .await;
    assert_eq!(location(&headers), format!("/admin/rpl/{id}"));
    // The candidate may not accept; it is refused and says so.
    let (_, headers, _) = app
        .post_form_as(&format!("/learn/rpl/{id}/step"), &learner, "step=accept")
        .await;
    assert_eq!(location(&headers), "/learn/rpl?error=step");
    // Their own trainer is refused with the reasons; the assessor is assigned.
    let trainer = seed_id("user:trainer");
    let (_, headers, _) = app
        .post_form_as(
            &format!("/admin/rpl/{id}/assign"),
            &admin,
            &format!("assessor={trainer}"),
        )
        .await;
    let back = location(&headers);
    assert_eq!(
        back,
        format!("/admin/rpl/{id}?error=not_an_assessor,trained_the_candidate")
    );
    let (_, _, html) = app.get(&back, Some(&admin)).await;
    assert!(
        html.contains("they train or trained the candidate"),
        "{html}"
    );
    let assessor_id = seed_id("user:assessor");
    // A conflict recorded from the page: the assessor is then refused with its reason;
    // taken back from the page (a line in the trail), they can be assigned.
    let (_, headers, _) = app
        .post_form_as(
            &format!("/admin/rpl/{id}/conflict"),
            &admin,
            &format!("assessor={assessor_id}&note=cousin"),
        )
        .await;
    assert_eq!(location(&headers), format!("/admin/rpl/{id}?declared=1"));
    let (_, headers, _) = app
        .post_form_as(
            &format!("/admin/rpl/{id}/assign"),
            &admin,
            &format!("assessor={assessor_id}"),
        )
        .await;
    assert_eq!(
        location(&headers),
        format!("/admin/rpl/{id}?error=declared_conflict")
    );
    let page: ApplicationPage =
        json_of(&app, &format!("/api/admin/rpl/application?id={id}"), &admin).await;
    assert_eq!(page.conflicts.len(), 1);
    assert_eq!(
        (
            page.conflicts[0].assessor_id.as_str(),
            page.conflicts[0].note.as_str()
        ),
        (assessor_id.as_str(), "cousin")
    );
    let (_, _, html) = app.get(&format!("/admin/rpl/{id}"), Some(&admin)).await;
    assert!(html.contains("id=\"declared-conflicts\"") && html.contains("cousin"));
    let (_, headers, _) = app
        .post_form_as(
            &format!("/admin/rpl/{id}/conflict/withdraw"),
            &admin,
            &format!("assessor={assessor_id}"),
        )
        .await;
    assert_eq!(location(&headers), format!("/admin/rpl/{id}?withdrawn=1"));
    let (left,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM rpl_conflicts")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(left, 0);
    let (_, headers, _) = app
        .post_form_as(
            &format!("/admin/rpl/{id}/assign"),
            &admin,
            &format!("assessor={assessor_id}"),
        )
        .await;
    assert_eq!(location(&headers), format!("/admin/rpl/{id}?assigned=1"));
    let assessor = app.cookie_for("assessor").await;
    let theirs: Vec<ApplicationSummary> =
        json_of(&app, "/api/assess/applications", &assessor).await;
    assert_eq!(theirs.len(), 1);
    let (_, _, home) = app.get("/assess", Some(&assessor)).await;
    assert!(home.contains(&format!("data-application=\"{id}\"")));

    // The candidate's evidence is ready: assessment.
    let (_, headers, _) = app
        .post_form_as(&format!("/learn/rpl/{id}/step"), &learner, "step=ready")
        .await;
    assert_eq!(location(&headers), "/learn/rpl");
    let page: ApplicationPage =
        json_of(&app, &format!("/api/admin/rpl/application?id={id}"), &admin).await;
    assert_eq!(page.application.stage, "assessment");
    assert_eq!(page.application.assessors.len(), 1);
    let actions: Vec<&str> = page.trail.iter().map(|e| e.action.as_str()).collect();
    // (The candidate's refused "accept" was not a step of theirs: not kept.)
    assert_eq!(
        actions,
        vec!["applied", "step", "conflict_withdrawn", "assigned", "step"],
        "{:?}",
        page.trail
    );
    let (_, _, html) = app.get(&format!("/admin/rpl/{id}"), Some(&admin)).await;
    assert!(
        html.contains("moved the application to Assessment"),
        "{html}"
    );
}

#[tokio::test]
async fn nobody_else_reaches_an_application() {
    let app = app().await;
    let (unit, qualification) = published(&app).await;
    let learner = app.cookie_for("learner").await;
    let body = format!(
        "qualification={qualification}&unit={unit}&workplace=&third_party_name=&third_party_phone="
    );
    app.post_form_as("/learn/rpl/apply", &learner, &body).await;
    let page: CandidatePage = json_of(&app, "/api/learn/rpl", &learner).await;
    let id = page.applications[0].id.clone();
    let assessor_id = seed_id("user:assessor");
    let candidate_forms = [
        ("/learn/rpl/apply".to_owned(), body.clone()),
        (format!("/learn/rpl/{id}/step"), "step=withdraw".to_owned()),
    ];
    let admin_forms = [
        (format!("/admin/rpl/{id}/step"), "step=accept".to_owned()),
        (
            format!("/admin/rpl/{id}/assign"),
            format!("assessor={assessor_id}"),
        ),
        (
            format!("/admin/rpl/{id}/conflict"),
            format!("assessor={assessor_id}&note=x"),
        ),
        (
            format!("/admin/rpl/{id}/conflict/withdraw"),
            format!("assessor={assessor_id}"),
        ),
    ];
    let snapshot = || async {
        let rows: (i64, i64, i64, String) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM rpl_applications), (SELECT COUNT(*) FROM rpl_steps), (SELECT COUNT(*) FROM rpl_assignments) + (SELECT COUNT(*) FROM rpl_conflicts), (SELECT stage FROM rpl_applications)",
        )
        .fetch_one(&app.pool)
        .await
        .expect("rows");
        rows
    };
    // A declared conflict, so that taking it back by anyone else would show.
    let admin = app.cookie_for("admin").await;
    let (_, headers, _) = app
        .post_form_as(
            &format!("/admin/rpl/{id}/conflict"),
            &admin,
            &format!("assessor={assessor_id}&note=neighbour"),
        )
        .await;
    assert_eq!(location(&headers), format!("/admin/rpl/{id}?declared=1"));
    let before = snapshot().await;
    assert_eq!(before.2, 1, "the conflict is there");
    // Other roles: 403 on the admin's forms and reads, and on the candidate's.
    for role in ["trainer", "assessor", "curriculum"] {
        let other = app.cookie_for(role).await;
        for (path, body) in candidate_forms.iter().chain(&admin_forms) {
            let (status, _, _) = app.post_form_as(path, &other, body).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{role} {path}");
        }
        for api in [
            "/api/learn/rpl".to_owned(),
            "/api/admin/rpl".to_owned(),
            format!("/api/admin/rpl/application?id={id}"),
        ] {
            let (status, _, _) = app.get(&api, Some(&other)).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{role} {api}");
        }
        for page in [
            "/learn/rpl".to_owned(),
            "/admin/rpl".to_owned(),
            format!("/admin/rpl/{id}"),
        ] {
            let (status, _, html) = app.get(&page, Some(&other)).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{role} {page}");
            assert!(!html.contains("data-application"), "{role} {page}");
        }
    }
    let learner_cookie = app.cookie_for("learner").await;
    let (status, _, _) = app
        .get("/api/assess/applications", Some(&learner_cookie))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Another learner of the institute: not theirs.
    let other_learner = app.cookie_for("learner01").await;
    let (status, _, _) = app
        .post_form_as(
            &format!("/learn/rpl/{id}/step"),
            &other_learner,
            "step=withdraw",
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let theirs: CandidatePage = json_of(&app, "/api/learn/rpl", &other_learner).await;
    assert!(theirs.applications.is_empty());
    // An unassigned assessor sees nothing.
    let assessor = app.cookie_for("assessor").await;
    let none: Vec<ApplicationSummary> = json_of(&app, "/api/assess/applications", &assessor).await;
    assert!(none.is_empty());
    // Another institute's admin, learner and assessor: not found, nothing listed.
    let other_admin = app.cookie_in_another_institute("admin").await;
    for (path, body) in &admin_forms {
        let (status, _, _) = app.post_form_as(path, &other_admin, body).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let (status, _, _) = app
        .get(
            &format!("/api/admin/rpl/application?id={id}"),
            Some(&other_admin),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let list: Vec<ApplicationSummary> = json_of(&app, "/api/admin/rpl", &other_admin).await;
    assert!(list.is_empty());
    let other_learner = app.cookie_in_another_institute("learner").await;
    let (status, _, _) = app
        .post_form_as(
            &format!("/learn/rpl/{id}/step"),
            &other_learner,
            "step=withdraw",
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Their offer does not include this institute's packages; applying for it is refused.
    let page: CandidatePage = json_of(&app, "/api/learn/rpl", &other_learner).await;
    assert!(page.offer.is_empty());
    let (_, headers, _) = app
        .post_form_as("/learn/rpl/apply", &other_learner, &body)
        .await;
    assert_eq!(location(&headers), "/learn/rpl?error=units");
    let other_assessor = app.cookie_in_another_institute("assessor").await;
    let none: Vec<ApplicationSummary> =
        json_of(&app, "/api/assess/applications", &other_assessor).await;
    assert!(none.is_empty());
    // Signed out, and another site with the candidate's cookie.
    for (path, body) in candidate_forms.iter().chain(&admin_forms) {
        let (status, headers, _) = app.post_form(path, body).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{path}");
        assert!(location(&headers).starts_with("/login"), "{path}");
        let request = Request::post(path.as_str())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &learner)
            .header(header::ORIGIN, "https://evil.example")
            .header("sec-fetch-site", "cross-site")
            .body(Body::from(body.clone()))
            .expect("request");
        let (status, _, _) = app.send(request).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
    }
    for api in [
        "/api/learn/rpl",
        "/api/admin/rpl",
        "/api/assess/applications",
    ] {
        let (status, _, _) = app.get(api, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{api}");
    }
    assert_eq!(snapshot().await, before, "nothing changed");
}
