//! Blending a programme through the real router, as plain forms post it (no JavaScript):
//! a classic draft is split, edited, reordered, extended and trimmed; bad input comes
//! back to its form with what was typed and changes nothing; the blend report shows the
//! chart, table, hours, coverage and the admin's targets; a published version refuses
//! every change; and no other role or institute reaches any of it.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{app, location, TestApp};

/// A classic draft of the demo standard, and its id.
async fn classic(app: &TestApp, cookie: &str) -> String {
    let demo = store::seed::seed_id("qualification");
    let (status, headers, _) = app
        .post_form_as(
            &format!("/curriculum/standard/{demo}/programme"),
            cookie,
            "",
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    location(&headers)
        .rsplit('/')
        .next()
        .expect("id")
        .to_owned()
}

async fn activities(app: &TestApp, programme: &str) -> Vec<(String, String, i64, String)> {
    sqlx::query_as(
        "SELECT a.id, a.title_en, a.duration_minutes, a.delivery_mode FROM learning_activities a \
         JOIN modules m ON m.id = a.module_id WHERE m.programme_id = $1 ORDER BY m.position, a.position",
    )
    .bind(programme)
    .fetch_all(&app.pool)
    .await
    .expect("activities")
}

#[tokio::test]
async fn a_classic_draft_is_blended_with_plain_forms_and_published() {
    let app = app().await;
    let cookie = app.cookie_for("curriculum").await;
    let id = classic(&app, &cookie).await;
    let form = format!("/curriculum/programme/{id}/activity");
    let before = activities(&app, &id).await;
    let (theory, _, minutes, _) = before[0].clone();

    // Split the first activity: two halves, the same total.
    let (status, headers, _) = app
        .post_form_as(&form, &cookie, &format!("action=split&activity={theory}"))
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location(&headers).contains("changed="), "{headers:?}");
    let split = activities(&app, &id).await;
    assert_eq!(split.len(), before.len() + 1);
    assert_eq!(split[0].2 + split[1].2, minutes);
    let second = split[1].0.clone();

    // Edit the second half: online, self-paced, covering two criteria of the unit.
    let (_, _, json) = app
        .get(
            &format!("/api/curriculum/activity?activity={second}"),
            Some(&cookie),
        )
        .await;
    let page: wire::curriculum::ActivityPage = serde_json::from_str(&json).expect("json");
    let criteria: Vec<String> = page.elements[0]
        .criteria
        .iter()
        .take(2)
        .map(|c| format!("&criterion={}", c.id))
        .collect();
    let body = format!(
        "action=save&activity={second}&title_km=%E1%9E%A2%E1%9E%B6%E1%9E%93&title_en=Reading%3A+safety&minutes=45&mode=online_self_paced{}",
        criteria.concat()
    );
    let (status, headers, _) = app.post_form_as(&form, &cookie, &body).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{headers:?}");
    let after = activities(&app, &id).await;
    assert_eq!(
        after[1],
        (
            second.clone(),
            "Reading: safety".into(),
            45,
            "online_self_paced".into()
        )
    );

    // Bad minutes: back to the form with the reason and every typed field; nothing saved.
    let bad = body
        .replace("minutes=45", "minutes=0")
        .replace("Reading%3A+safety", "Typed+title");
    let (status, headers, _) = app.post_form_as(&form, &cookie, &bad).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let back = location(&headers);
    assert!(
        back.contains(&format!("/activities/{second}?error=bad_minutes")),
        "{back}"
    );
    let (status, _, html) = app.get(&back, Some(&cookie)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Minutes must be a whole number"), "{html}");
    assert!(
        html.contains("value=\"Typed title\""),
        "the typed title comes back"
    );
    assert!(html.contains("value=\"0\""), "the typed minutes come back");
    assert_eq!(
        html.matches("checked").count(),
        2,
        "the typed criteria come back"
    );
    assert_eq!(activities(&app, &id).await, after, "nothing saved");

    // Move it up; add a workplace visit to the first module; remove it again.
    app.post_form_as(&form, &cookie, &format!("action=up&activity={second}"))
        .await;
    assert_eq!(activities(&app, &id).await[0].0, second);
    let module: (String,) =
        sqlx::query_as("SELECT id FROM modules WHERE programme_id = $1 ORDER BY position LIMIT 1")
            .bind(&id)
            .fetch_one(&app.pool)
            .await
            .expect("module");
    let add = format!(
        "action=add&module={}&title_km=&title_en=Site+visit&minutes=120&mode=workplace",
        module.0
    );
    let (status, headers, _) = app.post_form_as(&form, &cookie, &add).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let added = location(&headers)
        .split("changed=")
        .nth(1)
        .and_then(|s| s.split('#').next())
        .expect("id")
        .to_owned();
    // A refused add comes back to the module's form, open, with what was typed.
    let (_, headers, _) = app
        .post_form_as(&form, &cookie, &add.replace("Site+visit", ""))
        .await;
    let back = location(&headers);
    assert!(
        back.contains("error=no_title") && back.contains(&format!("module={}", module.0)),
        "{back}"
    );
    let (_, _, html) = app.get(&back, Some(&cookie)).await;
    assert!(html.contains("Give the activity a title"), "{html}");
    assert!(html.contains("value=\"120\""), "typed minutes back");

    // The report: chart, table, hours and coverage.
    let (status, _, report) = app
        .get(
            &format!("/curriculum/programmes/{id}/report"),
            Some(&cookie),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    for part in [
        "id=\"blend-chart\"",
        "<title>",
        "id=\"blend-table\"",
        "id=\"hours-table\"",
        "class=\"matrix\"",
        "id=\"coverage-total\"",
        "Online, self-paced",
    ] {
        assert!(report.contains(part), "{part}: {report}");
    }
    assert!(report.contains("id=\"no-targets\""), "no targets yet");

    let (status, headers, _) = app
        .post_form_as(&form, &cookie, &format!("action=remove&activity={added}"))
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location(&headers).contains("removed=1"));
    assert!(activities(&app, &id).await.iter().all(|a| a.0 != added));

    // The admin sets targets; the report shows the gap.
    let admin = app.cookie_for("admin").await;
    let (status, headers, _) = app
        .post_form_as(
            "/admin/blend",
            &admin,
            "online_min=30&workplace_min=&face_to_face_max=101",
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let back = location(&headers);
    assert!(
        back.contains("error=face_to_face_max") && back.contains("online_min=30"),
        "{back}"
    );
    let (_, _, html) = app.get(&back, Some(&admin)).await;
    assert!(
        html.contains("whole number from 0 to 100") && html.contains("value=\"101\""),
        "{html}"
    );
    let (status, headers, _) = app
        .post_form_as(
            "/admin/blend",
            &admin,
            "online_min=30&workplace_min=&face_to_face_max=80",
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location(&headers).contains("saved=1"));
    let (_, _, report) = app
        .get(
            &format!("/curriculum/programmes/{id}/report"),
            Some(&cookie),
        )
        .await;
    assert!(
        report.contains("Online (live and self-paced) at least 30 %"),
        "{report}"
    );
    assert!(report.contains("points to go"), "{report}");

    // Publish: from then on every change is refused and nothing changes.
    let (status, headers, _) = app
        .post_form_as(&format!("/curriculum/programme/{id}/publish"), &cookie, "")
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location(&headers).contains("published=1"));
    let published = activities(&app, &id).await;
    for change in [
        format!("action=split&activity={second}"),
        format!("action=remove&activity={second}"),
        format!("action=down&activity={second}"),
        body.clone(),
        add.clone(),
    ] {
        let (status, headers, _) = app.post_form_as(&form, &cookie, &change).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(
            location(&headers).contains("error=published"),
            "{change}: {headers:?}"
        );
    }
    let (_, headers, _) = app
        .post_form_as(&format!("/curriculum/programme/{id}/publish"), &cookie, "")
        .await;
    assert!(location(&headers).contains("error=published"));
    assert_eq!(activities(&app, &id).await, published);
    let (_, _, page) = app
        .get(&format!("/curriculum/programmes/{id}"), Some(&cookie))
        .await;
    assert!(
        page.contains("Published") && !page.contains("class=\"activity-actions\""),
        "no edit buttons on a published version"
    );

    // A new version: a draft copy; the two compare; the published one stays as it was.
    let (status, headers, _) = app
        .post_form_as(
            &format!("/curriculum/programme/{id}/new-version"),
            &cookie,
            "",
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let draft = location(&headers)
        .rsplit('/')
        .next()
        .expect("id")
        .to_owned();
    assert_ne!(draft, id);
    let copy = activities(&app, &draft).await;
    assert_eq!(copy.len(), published.len());
    let moved = copy[0].0.clone();
    app.post_form_as(
        &format!("/curriculum/programme/{draft}/activity"),
        &cookie,
        &format!("action=remove&activity={moved}"),
    )
    .await;
    let (status, _, html) = app
        .get(
            &format!("/curriculum/programmes/{draft}/diff?with={id}"),
            Some(&cookie),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("data-kind=\"removed\"") && html.contains("Reading: safety"),
        "{html}"
    );
    assert_eq!(activities(&app, &id).await, published);
    let (_, headers, _) = app
        .post_form_as(
            &format!("/curriculum/programme/{id}/new-version"),
            &cookie,
            "",
        )
        .await;
    assert!(
        location(&headers).contains("error=draft_exists"),
        "one draft at a time"
    );
}

#[tokio::test]
async fn only_the_curriculum_team_of_the_institute_blends() {
    let app = app().await;
    let cookie = app.cookie_for("curriculum").await;
    let id = classic(&app, &cookie).await;
    let activity = activities(&app, &id).await[0].0.clone();
    let form = format!("/curriculum/programme/{id}/activity");
    let split = format!("action=split&activity={activity}");
    let before = activities(&app, &id).await;

    let reads = [
        format!("/api/curriculum/blend-report?id={id}"),
        format!("/api/curriculum/activity?activity={activity}"),
        format!("/api/curriculum/version-diff?id={id}&with={id}"),
    ];
    for role in ["learner", "trainer", "assessor", "admin"] {
        let other = app.cookie_for(role).await;
        for (uri, body) in [
            (form.as_str(), split.as_str()),
            (&format!("/curriculum/programme/{id}/publish"), ""),
            (&format!("/curriculum/programme/{id}/new-version"), ""),
        ] {
            let (status, _, _) = app.post_form_as(uri, &other, body).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{role} {uri}");
        }
        for uri in &reads {
            let (status, _, _) = app.get(uri, Some(&other)).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{role} {uri}");
        }
    }
    for role in ["learner", "trainer", "assessor", "curriculum"] {
        let other = app.cookie_for(role).await;
        let (status, _, _) = app
            .post_form_as("/admin/blend", &other, "online_min=90")
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{role} sets targets");
        let (status, _, _) = app.get("/api/admin/blend-targets", Some(&other)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{role} reads targets");
    }
    // Another institute's curriculum developer: not found, and nothing changes.
    let theirs = app.cookie_in_another_institute("curriculum").await;
    let (status, _, _) = app.post_form_as(&form, &theirs, &split).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    for action in ["publish", "new-version"] {
        let (status, _, _) = app
            .post_form_as(&format!("/curriculum/programme/{id}/{action}"), &theirs, "")
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{action}");
    }
    for uri in &reads {
        let (status, _, _) = app.get(uri, Some(&theirs)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
    }
    // Another institute's admin sets only their own targets.
    let their_admin = app.cookie_in_another_institute("admin").await;
    app.post_form_as("/admin/blend", &their_admin, "online_min=90")
        .await;
    let (_, _, report) = app
        .get(
            &format!("/curriculum/programmes/{id}/report"),
            Some(&cookie),
        )
        .await;
    assert!(report.contains("id=\"no-targets\""), "{report}");
    // Signed out: sign in first.
    let (status, headers, _) = app.post_form(&form, &split).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location(&headers).starts_with("/login"));
    // Cross-site: refused before anything is read.
    let request = Request::post(&form)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, &cookie)
        .header(header::ORIGIN, "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .body(Body::from(split.clone()))
        .expect("request");
    let (status, _, _) = app.send(request).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(activities(&app, &id).await, before, "nothing changed");
}

#[tokio::test]
async fn a_class_moves_to_a_newer_version_only_by_its_curriculum_team() {
    let app = app().await;
    let cookie = app.cookie_for("curriculum").await;
    let v1 = store::seed::seed_id("programme");
    let class = store::seed::seed_id("class:EI-2026-A");
    let pinned = || async {
        let (p,): (String,) = sqlx::query_as("SELECT programme_id FROM classes WHERE id = $1")
            .bind(&class)
            .fetch_one(&app.pool)
            .await
            .expect("class");
        p
    };
    let (_, headers, _) = app
        .post_form_as(
            &format!("/curriculum/programme/{v1}/new-version"),
            &cookie,
            "",
        )
        .await;
    let v2 = location(&headers)
        .rsplit('/')
        .next()
        .expect("id")
        .to_owned();
    let move_to = |programme: &str| format!("programme={programme}");
    let uri = format!("/curriculum/class/{class}/version");
    // A draft is no place to move to.
    let (status, headers, _) = app.post_form_as(&uri, &cookie, &move_to(&v2)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location(&headers).contains("error=not_newer"));
    app.post_form_as(&format!("/curriculum/programme/{v2}/publish"), &cookie, "")
        .await;
    // The published version lists the class on version 1, with the button to move it.
    let (_, _, page) = app
        .get(&format!("/curriculum/programmes/{v2}"), Some(&cookie))
        .await;
    assert!(
        page.contains("data-class=\"EI-2026-A\"") && page.contains("Move to version 2"),
        "{page}"
    );
    assert_eq!(pinned().await, v1, "publishing moves no class");
    for role in ["learner", "trainer", "assessor", "admin"] {
        let other = app.cookie_for(role).await;
        let (status, _, _) = app.post_form_as(&uri, &other, &move_to(&v2)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{role}");
    }
    let theirs = app.cookie_in_another_institute("curriculum").await;
    let (status, _, _) = app.post_form_as(&uri, &theirs, &move_to(&v2)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(pinned().await, v1);

    let (status, headers, _) = app.post_form_as(&uri, &cookie, &move_to(&v2)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location(&headers).contains("moved=1"));
    assert_eq!(pinned().await, v2);
    let (_, _, page) = app
        .get(
            &format!("/curriculum/programmes/{v2}?moved=1"),
            Some(&cookie),
        )
        .await;
    assert!(page.contains("id=\"class-moved\"") && !page.contains("Move to version 2"));
    // Never back.
    let (_, headers, _) = app.post_form_as(&uri, &cookie, &move_to(&v1)).await;
    assert!(location(&headers).contains("error=not_newer"));
    assert_eq!(pinned().await, v2);
}

/// The editor's island asks for JSON: a move answers the moved activity's id and is
/// saved; a refusal answers the one error shape (never a redirect the island cannot
/// show); a signed-out or other role's request is refused as JSON too.
#[tokio::test]
async fn the_editor_island_moves_an_activity_through_the_same_form_as_json() {
    let app = app().await;
    let cookie = app.cookie_for("curriculum").await;
    let id = classic(&app, &cookie).await;
    let form = format!("/curriculum/programme/{id}/activity");
    let split_first = format!("action=split&activity={}", activities(&app, &id).await[0].0);
    app.post_form_as(&form, &cookie, &split_first).await;
    let before = activities(&app, &id).await;
    let json = |cookie: Option<&str>, body: String| {
        let mut request = Request::post(form.as_str())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        request.body(Body::from(body)).expect("request")
    };
    let second = before[1].0.clone();
    let (status, _, body) = app
        .send(json(Some(&cookie), format!("action=up&activity={second}")))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let answer: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(answer["changed"], second.as_str());
    let after = activities(&app, &id).await;
    assert_eq!(after[0].0, second, "saved: it is first now");
    assert_eq!(after[1].0, before[0].0);

    // Signed out, another role, another institute: JSON refusals, nothing changed.
    let (status, _, _) = app
        .send(json(None, format!("action=down&activity={second}")))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let trainer = app.cookie_for("trainer").await;
    let (status, _, _) = app
        .send(json(
            Some(&trainer),
            format!("action=down&activity={second}"),
        ))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let theirs = app.cookie_in_another_institute("curriculum").await;
    let (status, _, _) = app
        .send(json(
            Some(&theirs),
            format!("action=down&activity={second}"),
        ))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(activities(&app, &id).await, after);

    // Refused once published: the one error shape with the fault's code, nothing changed.
    app.post_form_as(&format!("/curriculum/programme/{id}/publish"), &cookie, "")
        .await;
    let (status, _, body) = app
        .send(json(
            Some(&cookie),
            format!("action=down&activity={second}"),
        ))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let error: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(
        (
            error["error"].as_str(),
            error["field"].as_str(),
            error["reason"].as_str()
        ),
        (
            Some("invalid"),
            Some("edit"),
            Some(domain::blend::EditFault::Published.code())
        )
    );
    assert_eq!(activities(&app, &id).await, after);
}
