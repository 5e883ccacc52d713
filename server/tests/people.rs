//! An institute's people through the real router, as plain forms post them: an admin
//! adds a person and prints a sign-in slip; the person sets their own password with its
//! one-time code, once; bad details come back with every reason and what was typed; a
//! deactivated person is signed out at once and cannot sign in; and no other role, no
//! other institute's admin and no other site reaches any of it.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{app, location, redeem, session_cookie, slip_codes, TestApp};
use store::seed::seed_id;

/// Adds a person as `admin`; their id.
async fn add(app: &TestApp, admin: &str, form: &str) -> String {
    let (status, headers, _) = app.post_form_as("/admin/people/new", admin, form).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let to = location(&headers);
    assert!(to.ends_with("?added=1"), "{to}");
    to.trim_start_matches("/admin/people/")
        .trim_end_matches("?added=1")
        .to_owned()
}

/// Prints slips for `people`; the page and each code as printed.
async fn slips(app: &TestApp, admin: &str, people: &[&str]) -> (String, Vec<String>) {
    let form: Vec<String> = people.iter().map(|p| format!("person={p}")).collect();
    let (status, headers, page) = app
        .post_form_as("/admin/people/slips", admin, &form.join("&"))
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    let codes = slip_codes(&page);
    (page, codes)
}

#[tokio::test]
async fn an_admin_adds_a_person_and_they_set_their_own_password_once_with_the_slip() {
    let app = app().await;
    let admin = app.cookie_for("admin").await;
    let id = add(
        &app,
        &admin,
        "name_km=%E1%9E%8A%E1%9E%B6%E1%9E%9A%E1%9E%B6&name_en=Dara+Sok&role=learner&phone=012+345+678",
    )
    .await;
    let (_, _, page) = app
        .get(&format!("/admin/people/{id}?added=1"), Some(&admin))
        .await;
    assert!(
        page.contains("Dara Sok") && page.contains("Has not signed in yet"),
        "{page}"
    );
    assert!(page.contains("id=\"person-added\""));
    let (stored,): (Option<String>,) =
        sqlx::query_as("SELECT password_hash FROM users WHERE id = $1")
            .bind(&id)
            .fetch_one(&app.pool)
            .await
            .expect("user");
    assert_eq!(stored, None, "nobody set a password for them");

    let (slip, codes) = slips(&app, &admin, &[&id]).await;
    assert!(slip.contains("dara.sok") && slip.contains("ដារា"), "{slip}");
    assert!(slip.contains("/login/slip"));
    let code = codes[0].clone();
    assert_eq!(code.len(), 9, "ABCD-EFGH");
    let (stored,): (String,) =
        sqlx::query_as("SELECT code_hash FROM sign_in_slips WHERE user_id = $1")
            .bind(&id)
            .fetch_one(&app.pool)
            .await
            .expect("slip");
    assert!(
        !stored.contains(&code.replace('-', "")),
        "only a hash is kept"
    );

    // Typed wrong: the reasons, nothing used.
    let (_, headers) = redeem(&app, "dara.sok", &code, "longenough", "longenougH").await;
    assert!(
        location(&headers).contains("error=not_the_same"),
        "{headers:?}"
    );
    let (_, headers) = redeem(&app, "dara.sok", &code, "short", "short").await;
    assert!(location(&headers).contains("error=too_short"));
    let (_, headers) = redeem(&app, "learner", &code, "longenough", "longenough").await;
    assert!(
        location(&headers).contains("error=slip"),
        "someone else's username"
    );

    // Right, in lower case without the dash, as copied from paper: signed in, at home.
    let typed = code.replace('-', "").to_lowercase();
    let (status, headers) = redeem(&app, "Dara.Sok", &typed, "ពាក្យសម្ងាត់ថ្មី", "ពាក្យសម្ងាត់ថ្មី").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location(&headers), "/learn");
    let cookie = session_cookie(&headers).expect("signed in");
    let (status, _, _) = app.get("/api/account/devices", Some(&cookie)).await;
    assert_eq!(status, StatusCode::OK);
    // Once only.
    let (_, headers) = redeem(&app, "dara.sok", &typed, "another one!", "another one!").await;
    assert!(location(&headers).contains("error=slip"));
    // And the password they chose is theirs.
    let (_, headers, _) = app
        .post_form(
            "/login",
            &format!(
                "username=dara.sok&password={}",
                app::auth::percent_encode("ពាក្យសម្ងាត់ថ្មី")
            ),
        )
        .await;
    assert_eq!(location(&headers), "/learn");

    // A new slip (a reset) while they have a password: the old one keeps working until
    // the slip is used, and using it ends every earlier session.
    let (_, codes) = slips(&app, &admin, &[&id]).await;
    let (_, _, page) = app.get(&format!("/admin/people/{id}"), Some(&admin)).await;
    assert!(page.contains("Slip valid until"), "{page}");
    let (_, headers) = redeem(
        &app,
        "dara.sok",
        &codes[0],
        "a third password",
        "a third password",
    )
    .await;
    assert_eq!(location(&headers), "/learn");
    let (status, _, _) = app.get("/api/account/devices", Some(&cookie)).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the earlier session ended"
    );
}

#[tokio::test]
async fn bad_details_come_back_with_every_reason_and_what_was_typed() {
    let app = app().await;
    let admin = app.cookie_for("admin").await;
    let count = || async {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users")
            .fetch_one(&app.pool)
            .await
            .expect("count");
        n
    };
    let before = count().await;
    let (status, headers, _) = app
        .post_form_as(
            "/admin/people/new",
            &admin,
            "name_km=&name_en=+&role=learner&phone=12ab&username=No+Spaces",
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let back = location(&headers);
    assert!(
        back.starts_with("/admin/people/new?error=no_name,bad_phone,bad_username"),
        "{back}"
    );
    assert_eq!(count().await, before, "nothing added");
    let (_, _, page) = app.get(&back, Some(&admin)).await;
    assert!(
        page.contains("Give a name in Khmer or in English."),
        "{page}"
    );
    assert!(page.contains("8 to 15 digits"));
    assert!(page.contains("value=\"12ab\""), "what was typed is back");
    // A username someone has.
    let (_, headers, _) = app
        .post_form_as(
            "/admin/people/new",
            &admin,
            "name_en=Trainer+Two&role=trainer&username=trainer",
        )
        .await;
    assert!(location(&headers).contains("error=username_taken"));
    assert_eq!(count().await, before);
    // Saving a person: refused the same way, their details unchanged.
    let learner = seed_id("user:learner");
    let (_, headers, _) = app
        .post_form_as(
            &format!("/admin/people/{learner}"),
            &admin,
            "name_km=&name_en=&role=learner",
        )
        .await;
    assert!(location(&headers).contains("error=no_name"));
    let (name,): (String,) = sqlx::query_as("SELECT display_name_en FROM users WHERE id = $1")
        .bind(&learner)
        .fetch_one(&app.pool)
        .await
        .expect("name");
    assert_eq!(name, "Sok Channa");
    // An admin cannot take away their own role, nor deactivate themselves.
    let me = seed_id("user:admin");
    let (_, headers, _) = app
        .post_form_as(
            &format!("/admin/people/{me}"),
            &admin,
            "name_en=Eng+Chantha&role=learner",
        )
        .await;
    assert!(location(&headers).contains("error=own_account"));
    let (_, headers, _) = app
        .post_form_as(&format!("/admin/people/{me}/active"), &admin, "active=0")
        .await;
    assert!(location(&headers).contains("error=own_account"));
}

#[tokio::test]
async fn a_deactivated_person_is_signed_out_at_once_and_cannot_sign_in_until_reactivated() {
    let app = app().await;
    let admin = app.cookie_for("admin").await;
    let learner = app.cookie_for("learner").await;
    let id = seed_id("user:learner");
    let (status, _, _) = app.get("/api/account/devices", Some(&learner)).await;
    assert_eq!(status, StatusCode::OK);
    let (_, headers, _) = app
        .post_form_as(&format!("/admin/people/{id}/active"), &admin, "active=0")
        .await;
    assert!(location(&headers).contains("?deactivated="), "{headers:?}");
    let (status, _, _) = app.get("/api/account/devices", Some(&learner)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, _) = app.get("/api/sync/v1/pull?since=0", Some(&learner)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "sync too");
    // The right password is told plainly; a wrong one is just wrong.
    let (_, headers, _) = app
        .post_form("/login", "username=learner&password=sala-demo")
        .await;
    assert!(
        location(&headers).starts_with("/login?error=deactivated"),
        "{headers:?}"
    );
    assert_eq!(session_cookie(&headers), None);
    let (_, headers, _) = app
        .post_form("/login", "username=learner&password=wrong")
        .await;
    assert!(location(&headers).starts_with("/login?error=credentials"));
    // Records stay; no slip is printed for them.
    let (records,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM enrolments WHERE learner_id = $1")
            .bind(&id)
            .fetch_one(&app.pool)
            .await
            .expect("enrolments");
    assert!(records > 0);
    let (_, headers, _) = app
        .post_form_as("/admin/people/slips", &admin, &format!("person={id}"))
        .await;
    assert!(location(&headers).contains("error=deactivated"));
    let (_, _, list) = app.get("/admin/people", Some(&admin)).await;
    assert!(list.contains("Deactivated"), "{list}");
    // Reactivated: signs in again.
    let (_, headers, _) = app
        .post_form_as(&format!("/admin/people/{id}/active"), &admin, "active=1")
        .await;
    assert!(location(&headers).contains("?reactivated=1"));
    let (_, headers, _) = app
        .post_form("/login", "username=learner&password=sala-demo")
        .await;
    assert_eq!(location(&headers), "/learn");
}

#[tokio::test]
async fn wrong_codes_count_against_the_sign_in_limit() {
    let app = app().await;
    let admin = app.cookie_for("admin").await;
    let id = add(&app, &admin, "name_en=Vanna+Ly&role=learner").await;
    let (_, codes) = slips(&app, &admin, &[&id]).await;
    for _ in 0..domain::sign_in::MAX_PER_USERNAME {
        let (_, headers) = redeem(&app, "vanna.ly", "AAAA-AAAA", "longenough", "longenough").await;
        assert!(location(&headers).contains("error=slip"));
    }
    let (_, headers) = redeem(&app, "vanna.ly", &codes[0], "longenough", "longenough").await;
    assert!(
        location(&headers).contains("error=rate_limited"),
        "{headers:?}"
    );
}

#[tokio::test]
async fn only_the_institutes_admin_reaches_its_people() {
    let app = app().await;
    let learner = seed_id("user:learner");
    let forms = [
        (
            "/admin/people/new".to_owned(),
            "name_en=Intruder&role=admin".to_owned(),
        ),
        (
            "/admin/people/slips".to_owned(),
            format!("person={learner}"),
        ),
        (
            format!("/admin/people/{learner}"),
            "name_en=Renamed&role=admin".to_owned(),
        ),
        (
            format!("/admin/people/{learner}/active"),
            "active=0".to_owned(),
        ),
    ];
    let pages = [
        "/admin/people".to_owned(),
        "/admin/people/new".to_owned(),
        format!("/admin/people/{learner}"),
    ];
    let state = || async {
        let (n, slips): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM users WHERE institute_id = $1), (SELECT COUNT(*) FROM sign_in_slips)",
        )
        .bind(seed_id("institute"))
        .fetch_one(&app.pool)
        .await
        .expect("count");
        let (name, off): (String, Option<String>) =
            sqlx::query_as("SELECT display_name_en, deactivated_at FROM users WHERE id = $1")
                .bind(&learner)
                .fetch_one(&app.pool)
                .await
                .expect("learner");
        (n, slips, name, off)
    };
    let before = state().await;
    for role in ["learner", "trainer", "assessor", "curriculum"] {
        let cookie = app.cookie_for(role).await;
        for (form, body) in &forms {
            let (status, _, _) = app.post_form_as(form, &cookie, body).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{role} {form}");
        }
        for page in &pages {
            let (_, _, html) = app.get(page, Some(&cookie)).await;
            assert!(
                !html.contains("id=\"people\"")
                    && !html.contains("id=\"person-form\"")
                    && !html.contains("id=\"person-name\""),
                "{role} {page}"
            );
        }
        let (status, _, _) = app
            .get(&format!("/api/admin/person?id={learner}"), Some(&cookie))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{role}");
        let (status, _, _) = app.get("/api/admin/people", Some(&cookie)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{role}");
    }
    // Another institute's admin: this institute's people do not exist for them.
    let theirs = app.cookie_in_another_institute("admin").await;
    for (form, body) in forms.iter().skip(1) {
        let (status, _, _) = app.post_form_as(form, &theirs, body).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{form}");
    }
    let (status, _, _) = app
        .get(&format!("/api/admin/person?id={learner}"), Some(&theirs))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, _, json) = app.get("/api/admin/people", Some(&theirs)).await;
    assert!(!json.contains("Sok Channa"), "{json}");
    // Signed out: sign in first.
    for (form, body) in &forms {
        let (status, headers, _) = app.post_form(form, body).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{form}");
        assert!(location(&headers).starts_with("/login"), "{form}");
    }
    // Another site, even with the admin's cookie: refused before anything is read.
    let admin = app.cookie_for("admin").await;
    for (form, body) in forms.iter().chain([&(
        "/login/slip".to_owned(),
        "username=learner&code=AAAAAAAA&password=longenough&again=longenough".to_owned(),
    )]) {
        let request = Request::post(form.as_str())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &admin)
            .header(header::ORIGIN, "https://evil.example")
            .header("sec-fetch-site", "cross-site")
            .body(Body::from(body.clone()))
            .expect("request");
        let (status, _, _) = app.send(request).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{form}");
    }
    // The people added by the refused "new" forms: none; and nothing else changed.
    let (intruders,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM users WHERE display_name_en = 'Intruder'")
            .fetch_one(&app.pool)
            .await
            .expect("count");
    assert_eq!(intruders, 0);
    assert!(state().await == before, "nothing changed");
}

fn multipart(name: &str, bytes: Vec<u8>, cookie: &str) -> Request<Body> {
    common::upload("/admin/people/import", name, &bytes, Some(cookie))
}

async fn learners(app: &TestApp) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users WHERE role = 'learner'")
        .fetch_one(&app.pool)
        .await
        .expect("count");
    n
}

/// 200 learners with Khmer names from an Excel workbook; the same learners again as CSV
/// add nobody; their slips print in one go; a broken file lists every problem with its
/// row and adds nobody.
#[tokio::test]
async fn learners_import_from_a_spreadsheet_once_and_a_broken_file_adds_nobody() {
    let app = app().await;
    let admin = app.cookie_for("admin").await;
    let fixture = |name: &str| {
        std::fs::read(format!(
            "{}/tests/fixtures/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .expect("fixture")
    };
    let before = learners(&app).await;
    let (status, headers, _) = app
        .send(multipart(
            "learners-200.xlsx",
            fixture("learners-200.xlsx"),
            &admin,
        ))
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let result = location(&headers);
    assert!(
        result.starts_with("/admin/people/import?result="),
        "{result}"
    );
    assert_eq!(learners(&app).await, before + 200);
    let (_, _, page) = app.get(&result, Some(&admin)).await;
    assert!(
        page.contains("learners-200.xlsx: 200 learners added; 0 were already here."),
        "{page}"
    );
    let (khmer,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM users WHERE display_name_km = 'ហេង វុទ្ធី' AND display_name_en = 'Heng Vuthy'",
    )
    .fetch_one(&app.pool)
    .await
    .expect("khmer");
    assert_eq!(khmer, 1, "Khmer names intact");
    // Usernames: as given, or made from the English name (or the role, with none).
    let (given, made, khmer_only): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM users WHERE username = 'l010.sun'), \
                (SELECT COUNT(*) FROM users WHERE username = 'heng.vuthy'), \
                (SELECT COUNT(*) FROM users WHERE role = 'learner' AND display_name_en = '' AND username LIKE 'learner%')",
    )
    .fetch_one(&app.pool)
    .await
    .expect("usernames");
    assert_eq!((given, made, khmer_only), (1, 1, 4));
    // Every one of them gets a slip from the import's page.
    let ids: Vec<String> = page
        .split("name=\"person\" value=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().expect("id").to_owned())
        .collect();
    assert_eq!(ids.len(), 200);
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let (_, codes) = slips(&app, &admin, &refs).await;
    assert_eq!(codes.len(), 200);

    // The same learners as CSV: nobody added twice.
    let (_, headers, _) = app
        .send(multipart(
            "learners-200.csv",
            fixture("learners-200.csv"),
            &admin,
        ))
        .await;
    let (_, _, page) = app.get(&location(&headers), Some(&admin)).await;
    assert!(
        page.contains("learners-200.csv: 0 learners added; 200 were already here."),
        "{page}"
    );
    assert_eq!(learners(&app).await, before + 200);

    // A username made for one row never takes the one a later row gives.
    let clash = "name_km,name_en,username,phone\r\nក,Made Up,,\r\nខ,Given,made.up,\r\n";
    let (_, headers, _) = app
        .send(multipart("clash.csv", clash.as_bytes().to_vec(), &admin))
        .await;
    let (_, _, page) = app.get(&location(&headers), Some(&admin)).await;
    assert!(page.contains("clash.csv: 2 learners added"), "{page}");
    let (given, made): (String, String) = sqlx::query_as(
        "SELECT (SELECT display_name_en FROM users WHERE username = 'made.up'), \
                (SELECT display_name_en FROM users WHERE username = 'made.up2')",
    )
    .fetch_one(&app.pool)
    .await
    .expect("usernames");
    assert_eq!((given.as_str(), made.as_str()), ("Given", "Made Up"));
    let before = before + 2;

    // Broken: every problem with its row (blank rows counted) and column, nobody added.
    let broken = "\u{feff}name_km,name_en,username,phone\r\nសុខ សុភា,Sok Sophea,,\r\n\r\n,,,012\r\nលី ដារា,Ly Dara,trainer,\r\nគឹម ធីតា,Kim Thida,No Good,\r\n";
    let (_, headers, _) = app
        .send(multipart("broken.csv", broken.as_bytes().to_vec(), &admin))
        .await;
    let (_, _, page) = app.get(&location(&headers), Some(&admin)).await;
    assert!(page.contains("broken.csv was not imported"), "{page}");
    assert!(
        page.contains("Row 4, column A (name_km): Give a name in Khmer or in English."),
        "{page}"
    );
    assert!(page.contains("Row 4, column D (phone)"));
    assert!(page.contains("Row 6, column C (username)"));
    assert!(
        !page.contains("Row 2") && !page.contains("Row 5"),
        "good rows are not problems"
    );
    assert_eq!(learners(&app).await, before + 200, "nobody added");
    // Usernames that are someone else's: a trainer of this institute, a person of another.
    let theirs = app.cookie_in_another_institute("admin").await;
    let (elsewhere,): (String,) =
        sqlx::query_as("SELECT username FROM users WHERE username LIKE 'other-admin-%'")
            .fetch_one(&app.pool)
            .await
            .expect("theirs");
    let taken = format!("name_km,name_en,username\r\nលី ដារា,Ly Dara,trainer\r\nកែវ សុផល,Keo Sophal,{elsewhere}\r\nថ្មី,New One,\r\n");
    let (_, headers, _) = app
        .send(multipart("taken.csv", taken.into_bytes(), &admin))
        .await;
    let (_, _, page) = app.get(&location(&headers), Some(&admin)).await;
    assert!(
        page.contains("Row 2, column username: That username is someone else"),
        "{page}"
    );
    assert!(
        page.contains("Row 3, column username: That username is someone else"),
        "{page}"
    );
    assert_eq!(
        learners(&app).await,
        before + 200,
        "nobody added, not even the good row"
    );
    // Not a spreadsheet at all.
    let (_, headers, _) = app
        .send(multipart(
            "photo.png",
            vec![0x89, b'P', b'N', b'G', 0xff, 0xfe],
            &admin,
        ))
        .await;
    let (_, _, page) = app.get(&location(&headers), Some(&admin)).await;
    assert!(page.contains("not a CSV (UTF-8) or .xlsx file"), "{page}");

    // Only this admin reads their import; no other role imports.
    let id = result.rsplit('=').next().expect("id");
    let (status, _, _) = app
        .get(&format!("/api/admin/people-import?id={id}"), Some(&theirs))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let trainer = app.cookie_for("trainer").await;
    let (status, _, _) = app
        .send(multipart(
            "learners-200.csv",
            fixture("learners-200.csv"),
            &trainer,
        ))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = app.get("/admin/people/template.csv", Some(&trainer)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, headers, template) = app.get("/admin/people/template.csv", Some(&admin)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE]
        .to_str()
        .expect("type")
        .starts_with("text/csv"));
    assert_eq!(template, "\u{feff}name_km,name_en,username,phone\r\n");
    assert_eq!(learners(&app).await, before + 200);
}
