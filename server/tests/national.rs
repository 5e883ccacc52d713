//! National administration through the real router: `sala national-admin` lets the
//! first national administrator in; they see every institute but their own office,
//! create an institute with its first admin (all or nothing, every reason at once, what
//! was typed kept), and print a new slip for an institute's admin; the new admin signs
//! in with the slip and sees only their own, empty institute. No other role, no
//! institute's admin, nobody signed out and no other site reaches any of it — and the
//! national administrator reaches no institute's own tools.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{app, json_of, location, redeem, session_cookie, slip_codes, TestApp};
use store::national::{bootstrap, BootstrapError};
use store::seed::seed_id;
use wire::national::{InstitutePage, InstituteSummary};
use wire::PersonSummary;

/// The national administrator `username`, signed in with the slip the command prints.
async fn national(app: &TestApp, username: &str) -> String {
    let slip = bootstrap(&app.pool, username).await.expect("slip");
    let (status, headers) =
        redeem(app, username, &slip.code, "national pass", "national pass").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location(&headers), "/national");
    session_cookie(&headers).expect("signed in")
}

async fn counts(app: &TestApp) -> (i64, i64, i64) {
    sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM institutes), (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM sign_in_slips)",
    )
    .fetch_one(&app.pool)
    .await
    .expect("counts")
}

const GOOD: &str = "code=ptc-svr&name_km=%E1%9E%98%E1%9E%87%E1%9F%92%E1%9E%88%E1%9E%98%E1%9E%8E%E1%9F%92%E1%9E%8C%E1%9E%9B&name_en=Svay+Rieng+PTC\
&admin_name_km=%E1%9E%85%E1%9E%B6%E1%9E%93%E1%9F%8B+%E1%9E%8A%E1%9E%B6%E1%9E%9A%E1%9F%89%E1%9E%B6&admin_name_en=Chan+Dara&admin_phone=012+345+678&admin_username=";

#[tokio::test]
async fn a_national_administrator_starts_an_institute_whose_admin_takes_it_from_there() {
    let app = app().await;

    // The command: refuses a bad username and someone else's; makes the office once.
    assert!(matches!(
        bootstrap(&app.pool, "Not A Name").await,
        Err(BootstrapError::BadUsername(_))
    ));
    assert!(matches!(
        bootstrap(&app.pool, "admin").await,
        Err(BootstrapError::NotNational(_))
    ));
    let first = bootstrap(&app.pool, "dgtvet").await.expect("slip");
    let cookie = national(&app, "dgtvet").await;
    // Run again, a new slip voids the one not yet used; the office is not made twice.
    let (_, headers) = redeem(
        &app,
        "dgtvet",
        &first.code,
        "national pass",
        "national pass",
    )
    .await;
    assert!(location(&headers).contains("error=slip"), "used once");
    let (offices,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM institutes WHERE national = 1")
        .fetch_one(&app.pool)
        .await
        .expect("offices");
    assert_eq!(offices, 1);

    // Every institute but the office, with its figures.
    let list: Vec<InstituteSummary> = json_of(&app, "/api/national/institutes", &cookie).await;
    assert_eq!(list.len(), 1, "{list:?}");
    let demo = &list[0];
    assert_eq!(demo.code, "PTC-KPC");
    assert_eq!((demo.learners, demo.admins), (40, 1));
    assert!(demo.classes >= 1 && demo.staff >= 5, "{demo:?}");
    let (status, _, home) = app.get("/national", Some(&cookie)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(home.contains("id=\"institutes\"") && home.contains("PTC-KPC"));
    assert!(
        !home.contains(store::national::OFFICE_CODE),
        "not its own office"
    );
    // The start page is their home too.
    let (_, _, start) = app.get("/", Some(&cookie)).await;
    assert!(start.contains("id=\"add-institute\""));

    // Bad details: every reason, what was typed (Khmer intact), nothing made.
    let before = counts(&app).await;
    let (status, headers, _) = app
        .post_form_as(
            "/national/institutes/new",
            &cookie,
            "code=-x&name_km=&name_en=&admin_name_km=%E1%9E%80&admin_name_en=&admin_phone=12&admin_username=",
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let back = location(&headers);
    assert!(
        back.starts_with("/national/institutes/new?error=bad_code,no_institute_name,bad_phone"),
        "{back}"
    );
    let (_, _, form) = app.get(&back, Some(&cookie)).await;
    assert!(
        form.contains("id=\"institute-error\"") && form.contains("value=\"ក\""),
        "typed kept"
    );
    assert!(form.contains("First admin: "), "{form}");
    // A code or an admin's username already taken: refused whole, no institute left over.
    let taken = GOOD.replace("code=ptc-svr", "code=ptc-kpc");
    let (_, headers, _) = app
        .post_form_as("/national/institutes/new", &cookie, &taken)
        .await;
    assert!(location(&headers).contains("error=code_taken"));
    let username_taken = GOOD.replace("admin_username=", "admin_username=admin");
    let (_, headers, _) = app
        .post_form_as("/national/institutes/new", &cookie, &username_taken)
        .await;
    assert!(location(&headers).contains("error=username_taken"));
    assert_eq!(counts(&app).await, before, "nothing half made");

    // Created: the answer is the admin's slip, not kept anywhere.
    let (status, headers, slip) = app
        .post_form_as("/national/institutes/new", &cookie, GOOD)
        .await;
    assert_eq!(status, StatusCode::OK, "{slip}");
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    assert!(
        slip.contains("ចាន់ ដារ៉ា") && slip.contains("chan.dara"),
        "{slip}"
    );
    let code = slip_codes(&slip).pop().expect("a code");
    let list: Vec<InstituteSummary> = json_of(&app, "/api/national/institutes", &cookie).await;
    let svr = list
        .iter()
        .find(|i| i.code == "PTC-SVR")
        .expect("the new institute");
    assert_eq!(
        (svr.learners, svr.staff, svr.admins, svr.classes),
        (0, 1, 1, 0)
    );
    assert!(
        slip.contains(&format!("/national/institutes/{}", svr.id)),
        "back to it"
    );

    // The new admin sets their password with the slip and runs their own institute.
    let (status, headers) = redeem(&app, "chan.dara", &code, "svay rieng 1", "svay rieng 1").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location(&headers), "/admin");
    let admin = session_cookie(&headers).expect("signed in");
    let people: Vec<PersonSummary> = json_of(&app, "/api/admin/people", &admin).await;
    assert_eq!(people.len(), 1, "only themselves: {people:?}");
    let (status, headers, _) = app
        .post_form_as(
            "/admin/people/new",
            &admin,
            "name_km=&name_en=Keo+Sophal&role=trainer&phone=&username=",
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location(&headers).ends_with("?added=1"));
    let people: Vec<PersonSummary> = json_of(&app, "/api/admin/people", &admin).await;
    assert_eq!(people.len(), 2);
    assert!(
        !people.iter().any(|p| p.name.en == "Sok Channa"),
        "nothing of another institute"
    );

    // Its page: the figures and its admin, who has a password now; a new slip for them.
    let page: InstitutePage = json_of(
        &app,
        &format!("/api/national/institute?id={}", svr.id),
        &cookie,
    )
    .await;
    assert_eq!(page.institute.staff, 2);
    assert_eq!(page.admins.len(), 1);
    assert!(page.admins[0].has_password);
    let dara = page.admins[0].id;
    let (status, _, again) = app
        .post_form_as(
            &format!("/national/institutes/{}/slips", svr.id),
            &cookie,
            &format!("person={dara}"),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(slip_codes(&again).len(), 1);
    // Only an admin of that institute: not a trainer of it, not another institute's admin.
    let sophal = people
        .iter()
        .find(|p| p.name.en == "Keo Sophal")
        .expect("trainer")
        .id;
    for (institute, person) in [
        (svr.id.to_string(), sophal.to_string()),
        (svr.id.to_string(), seed_id("user:admin")),
        (seed_id("institute"), dara.to_string()),
    ] {
        let (status, _, _) = app
            .post_form_as(
                &format!("/national/institutes/{institute}/slips"),
                &cookie,
                &format!("person={person}"),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{institute} {person}");
    }
    let (status, _, _) = app
        .get("/api/national/institute?id=not-an-id", Some(&cookie))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn only_a_national_administrator_reaches_national_administration() {
    let app = app().await;
    let cookie = national(&app, "dgtvet").await;
    let demo = seed_id("institute");
    let forms = [
        ("/national/institutes/new".to_owned(), GOOD.to_owned()),
        (
            format!("/national/institutes/{demo}/slips"),
            format!("person={}", seed_id("user:admin")),
        ),
    ];
    let apis = [
        "/api/national/institutes".to_owned(),
        format!("/api/national/institute?id={demo}"),
    ];
    let pages = [
        "/national".to_owned(),
        "/national/institutes/new".to_owned(),
        format!("/national/institutes/{demo}"),
    ];
    let mut others = Vec::new();
    for role in ["learner", "trainer", "assessor", "curriculum", "admin"] {
        others.push((role.to_owned(), app.cookie_for(role).await));
    }
    others.push((
        "another institute's admin".to_owned(),
        app.cookie_in_another_institute("admin").await,
    ));
    let before = counts(&app).await;
    for (who, other) in &others {
        for (form, body) in &forms {
            let (status, _, _) = app.post_form_as(form, other, body).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{who} {form}");
        }
        for api in &apis {
            let (status, _, _) = app.get(api, Some(other)).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{who} {api}");
        }
        for page in &pages {
            let (status, _, html) = app.get(page, Some(other)).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{who} {page}");
            assert!(
                !html.contains("id=\"institutes\"")
                    && !html.contains("id=\"institute-form\"")
                    && !html.contains("id=\"institute-name\""),
                "{who} {page}"
            );
        }
    }
    // Signed out: sign in first.
    for (form, body) in &forms {
        let (status, headers, _) = app.post_form(form, body).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{form}");
        assert!(location(&headers).starts_with("/login"), "{form}");
    }
    for api in &apis {
        let (status, _, _) = app.get(api, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{api}");
    }
    // Another site, even with the national administrator's cookie.
    for (form, body) in &forms {
        let request = Request::post(form.as_str())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &cookie)
            .header(header::ORIGIN, "https://evil.example")
            .header("sec-fetch-site", "cross-site")
            .body(Body::from(body.clone()))
            .expect("request");
        let (status, _, _) = app.send(request).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{form}");
    }
    assert_eq!(counts(&app).await, before, "nothing changed");

    // The national administrator sees no institute's own tools or records.
    for api in [
        "/api/admin/people".to_owned(),
        "/api/reports/institute".to_owned(),
        format!("/api/admin/person?id={}", seed_id("user:learner")),
        "/api/reports/my-classes".to_owned(),
    ] {
        let (status, _, _) = app.get(&api, Some(&cookie)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{api}");
    }
    let (status, _, _) = app
        .post_form_as(
            "/admin/people/new",
            &cookie,
            "name_en=Intruder&role=learner",
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    for page in ["/admin/people", "/teach", "/admin/reports"] {
        let (status, _, _) = app.get(page, Some(&cookie)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{page}");
    }
    // Nor can an institute's admin make anyone a national administrator.
    let admin = app.cookie_for("admin").await;
    let (_, headers, _) = app
        .post_form_as(
            "/admin/people/new",
            &admin,
            "name_km=&name_en=Would+Be&role=national&phone=&username=",
        )
        .await;
    assert!(location(&headers).contains("error=bad_role"), "{headers:?}");
    let (nationals,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users WHERE role = 'national'")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    assert_eq!(nationals, 1);
}
