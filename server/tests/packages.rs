//! RPL assessment packages through the real router: a curriculum developer starts a
//! unit's package, saves a half-done draft (what is left to do listed), is refused a
//! publish with something left, a save from an older copy of the page and a save that
//! would store nonsense — each keeping what was saved —, publishes the whole package,
//! which then never changes, and starts version 2 as a copy. An assessor writes them
//! too; no other role, no other institute, nobody signed out and no other site reaches
//! one.

mod common;

use app::auth::percent_encode;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{app, json_of, location, TestApp};
use wire::rpl::{PackagePage, PackagesPage};

/// The first unit of the demo standard and its criteria, in order.
async fn unit(app: &TestApp) -> (String, Vec<String>) {
    let (unit,): (String,) = sqlx::query_as(
        "SELECT u.id FROM units u WHERE EXISTS (SELECT 1 FROM elements e WHERE e.unit_id = u.id) ORDER BY u.position LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .expect("unit");
    let criteria: Vec<(String,)> = sqlx::query_as(
        "SELECT pc.id FROM performance_criteria pc JOIN elements e ON e.id = pc.element_id WHERE e.unit_id = $1 ORDER BY e.number, pc.number",
    )
    .bind(&unit)
    .fetch_all(&app.pool)
    .await
    .expect("criteria");
    (unit, criteria.into_iter().map(|(c,)| c).collect())
}

fn form(fields: &[(String, String)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The editor's fields for a whole package of `criteria` (statements in both languages,
/// a photo requirement, one task showing every criterion), at `rev`.
fn whole(criteria: &[String], rev: i64, action: &str) -> Vec<(String, String)> {
    let mut fields = vec![
        ("rev".to_owned(), rev.to_string()),
        ("action".to_owned(), action.to_owned()),
    ];
    for c in criteria {
        fields.push((format!("st.{c}.km"), "ខ្ញុំអាចបិទចរន្តអគ្គិសនី".to_owned()));
        fields.push((format!("st.{c}.en"), "I can isolate the supply".to_owned()));
    }
    for (k, v) in [
        ("ev.0.kind", "photo"),
        ("ev.0.n", "3"),
        ("ev.0.years", "2"),
        ("ev.0.km", ""),
        ("ev.0.en", ""),
        ("task.0.km", "បិទចរន្ត ហើយពិនិត្យ"),
        ("task.0.en", "Isolate and test dead"),
    ] {
        fields.push((k.to_owned(), v.to_owned()));
    }
    for c in criteria {
        fields.push(("task.0.c".to_owned(), c.clone()));
    }
    fields
}

async fn package(app: &TestApp, cookie: &str, id: &str) -> PackagePage {
    json_of(app, &format!("/api/curriculum/package?id={id}"), cookie).await
}

#[tokio::test]
async fn a_package_is_written_published_and_then_never_changes() {
    let app = app().await;
    let cookie = app.cookie_for("curriculum").await;
    let (unit, criteria) = unit(&app).await;

    // The home and the list lead to it.
    let (_, _, home) = app.get("/curriculum", Some(&cookie)).await;
    assert!(home.contains("href=\"/curriculum/packages\""));
    let list: PackagesPage = json_of(&app, "/api/curriculum/packages", &cookie).await;
    let row = list
        .qualifications
        .iter()
        .flat_map(|q| &q.units)
        .find(|u| u.unit_id == unit)
        .expect("unit listed");
    assert!(row.versions.is_empty());
    let (status, _, html) = app.get("/curriculum/packages", Some(&cookie)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Write its package"), "{html}");

    let (status, headers, _) = app
        .post_form_as("/curriculum/packages/new", &cookie, &format!("unit={unit}"))
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let page_url = location(&headers);
    let id = page_url
        .trim_start_matches("/curriculum/packages/")
        .to_owned();
    let (status, _, html) = app.get(&page_url, Some(&cookie)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("id=\"package-form\"") && html.contains("id=\"left-to-do\""));
    // Starting again leads to the same draft.
    let (_, headers, _) = app
        .post_form_as("/curriculum/packages/new", &cookie, &format!("unit={unit}"))
        .await;
    assert_eq!(location(&headers), page_url);

    // Half done: saved, with what is left to do (Khmer kept).
    let mut half = whole(&criteria, 0, "save");
    half.retain(|(k, _)| !k.starts_with("task."));
    let (_, headers, _) = app.post_form_as(&page_url, &cookie, &form(&half)).await;
    assert_eq!(location(&headers), format!("{page_url}?saved=1"));
    let saved = package(&app, &cookie, &id).await;
    assert_eq!(
        (saved.revision, saved.content.statements.len()),
        (1, criteria.len())
    );
    assert_eq!(saved.content.statements[0].text.km, "ខ្ញុំអាចបិទចរន្តអគ្គិសនី");
    let (_, _, html) = app.get(&format!("{page_url}?saved=1"), Some(&cookie)).await;
    assert!(
        html.contains("is shown by no task or question"),
        "left to do listed"
    );

    // Publish with something left: saved, not published.
    let mut publish_half = half.clone();
    publish_half[0].1 = "1".into();
    publish_half[1].1 = "publish".into();
    let (_, headers, _) = app
        .post_form_as(&page_url, &cookie, &form(&publish_half))
        .await;
    assert_eq!(location(&headers), format!("{page_url}?error=not_ready"));
    let (_, _, html) = app.get(&location(&headers), Some(&cookie)).await;
    assert!(html.contains("id=\"package-error\"") && html.contains("not published"));
    assert!(!package(&app, &cookie, &id).await.published);

    // From an older copy of the page: refused, the newer save kept.
    let (_, headers, _) = app
        .post_form_as(&page_url, &cookie, &form(&whole(&criteria, 0, "save")))
        .await;
    assert_eq!(location(&headers), format!("{page_url}?error=stale"));
    let (_, _, html) = app.get(&location(&headers), Some(&cookie)).await;
    assert!(html.contains("Someone saved this draft"));
    // Nonsense (a criterion of another unit, a count of 0): refused with the reasons,
    // nothing saved.
    let mut nonsense = whole(&criteria, 2, "save");
    nonsense.push(("task.0.c".into(), uuid::Uuid::now_v7().to_string()));
    nonsense.retain(|(k, _)| k != "ev.0.n");
    nonsense.push(("ev.0.n".into(), "0".into()));
    let before = package(&app, &cookie, &id).await;
    let (_, headers, _) = app.post_form_as(&page_url, &cookie, &form(&nonsense)).await;
    let back = location(&headers);
    assert!(
        back.starts_with(&format!("{page_url}?error=problems&problems=")),
        "{back}"
    );
    assert!(
        back.contains("out_of_range:e-0") && back.contains("not_the_units:t-0"),
        "{back}"
    );
    let (_, _, html) = app.get(&back, Some(&cookie)).await;
    assert!(
        html.contains("Evidence requirement 1 has a number out of range"),
        "{html}"
    );
    assert!(html.contains("Task 1 names a criterion that is not this unit’s"));
    assert_eq!(package(&app, &cookie, &id).await, before, "nothing saved");

    // Whole: saved and published.
    let (_, headers, _) = app
        .post_form_as(&page_url, &cookie, &form(&whole(&criteria, 2, "publish")))
        .await;
    assert_eq!(location(&headers), format!("{page_url}?published=1"));
    let published = package(&app, &cookie, &id).await;
    assert!(published.published && published.published_at.is_some());
    assert_eq!(published.content.tasks[0].criteria.len(), criteria.len());
    let (_, _, html) = app.get(&page_url, Some(&cookie)).await;
    assert!(html.contains("id=\"published-note\"") && !html.contains("id=\"package-form\""));
    assert!(html.contains("Isolate and test dead"));
    // Immutable now.
    let (_, headers, _) = app
        .post_form_as(&page_url, &cookie, &form(&whole(&criteria, 3, "save")))
        .await;
    assert_eq!(location(&headers), format!("{page_url}?error=published"));
    assert_eq!(package(&app, &cookie, &id).await, published);

    // Version 2 starts as a copy; an assessor edits it too.
    let assessor = app.cookie_for("assessor").await;
    let (_, _, assess) = app.get("/assess", Some(&assessor)).await;
    assert!(assess.contains("href=\"/curriculum/packages\""));
    let (_, headers, _) = app
        .post_form_as(
            "/curriculum/packages/new",
            &assessor,
            &format!("unit={unit}"),
        )
        .await;
    let next = location(&headers);
    assert_ne!(next, page_url);
    let next_id = next.trim_start_matches("/curriculum/packages/");
    let draft = package(&app, &assessor, next_id).await;
    assert_eq!((draft.version, draft.published), (2, false));
    assert_eq!(draft.content, published.content);
    assert_eq!(draft.versions.len(), 2);
}

#[tokio::test]
async fn nobody_else_reaches_a_package() {
    let app = app().await;
    let cookie = app.cookie_for("curriculum").await;
    let (unit, criteria) = unit(&app).await;
    let (_, headers, _) = app
        .post_form_as("/curriculum/packages/new", &cookie, &format!("unit={unit}"))
        .await;
    let page_url = location(&headers);
    let id = page_url
        .trim_start_matches("/curriculum/packages/")
        .to_owned();
    let body = form(&whole(&criteria, 0, "publish"));
    let forms = [
        (
            "/curriculum/packages/new".to_owned(),
            format!("unit={unit}"),
        ),
        (page_url.clone(), body.clone()),
    ];
    let apis = [
        "/api/curriculum/packages".to_owned(),
        format!("/api/curriculum/package?id={id}"),
    ];
    let pages = ["/curriculum/packages".to_owned(), page_url.clone()];
    let snapshot = || async {
        let rows: Vec<(String, i64, String)> =
            sqlx::query_as("SELECT id, revision, status FROM rpl_packages ORDER BY id")
                .fetch_all(&app.pool)
                .await
                .expect("rows");
        rows
    };
    let before = snapshot().await;
    for role in ["learner", "trainer", "admin"] {
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
            assert!(!html.contains("id=\"package-form\""), "{role} {page}");
        }
    }
    // Another institute's authors: the shared standard's units, but not this package.
    for role in ["curriculum", "assessor"] {
        let other = app.cookie_in_another_institute(role).await;
        let (status, _, _) = app.post_form_as(&page_url, &other, &body).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{role}");
        let (status, _, _) = app
            .get(&format!("/api/curriculum/package?id={id}"), Some(&other))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{role}");
        let (status, _, html) = app.get(&page_url, Some(&other)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{role}");
        assert!(!html.contains("id=\"package-form\""));
        let list: PackagesPage = json_of(&app, "/api/curriculum/packages", &other).await;
        assert!(
            list.qualifications
                .iter()
                .flat_map(|q| &q.units)
                .all(|u| u.versions.is_empty()),
            "{role}"
        );
    }
    // Signed out: sign in first.
    for (path, body) in &forms {
        let (status, headers, _) = app.post_form(path, body).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{path}");
        assert!(location(&headers).starts_with("/login"), "{path}");
    }
    for api in &apis {
        let (status, _, _) = app.get(api, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{api}");
    }
    // Another site, with the author's own cookie.
    for (path, body) in &forms {
        let request = Request::post(path.as_str())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &cookie)
            .header(header::ORIGIN, "https://evil.example")
            .header("sec-fetch-site", "cross-site")
            .body(Body::from(body.clone()))
            .expect("request");
        let (status, _, _) = app.send(request).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(snapshot().await, before, "nothing changed");
    // A package id that is not one, or a unit that is not one: not found.
    let (status, _, _) = app
        .post_form_as("/curriculum/packages/nonsense", &cookie, &body)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = app
        .post_form_as("/curriculum/packages/new", &cookie, "unit=nonsense")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
