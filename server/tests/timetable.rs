//! A class's timetable through the real router, as plain forms post them: an admin plans
//! two weeks of sessions from a weekly pattern (skipping a holiday), the trainer finds
//! them on Today's agenda, one is moved and one cancelled (gone from the trainer's and
//! the learner's lists; a roll call marked for it is kept and shown as a decision); bad
//! input comes back with every reason and what was typed; and no other role, institute or
//! site reaches any of it.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{app, location};
use store::seed::seed_id;

/// A Monday past the seed's two weeks of sessions (today + 15 at the earliest), so what
/// the test plans and skips is not confused with a seeded session on any day it runs.
fn monday_past_the_seed() -> domain::calendar::Date {
    let today = domain::calendar::Date::in_cambodia(chrono::Utc::now().timestamp());
    let next_monday = today.add_days(7 - i64::from(today.weekday()));
    next_monday.add_days(14)
}

/// The first face-to-face or workplace activity the plan form offers.
fn first_activity(page: &str) -> String {
    let at = page
        .find("id=\"plan-activity\"")
        .expect("the activity list");
    let rest = &page[at..];
    let v = rest.find("value=\"").expect("an option") + 7;
    rest[v..v + rest[v..].find('"').expect("end")].to_owned()
}

#[tokio::test]
async fn an_admin_plans_two_weeks_moves_and_cancels_and_the_trainer_sees_them() {
    let app = app().await;
    let admin = app.cookie_for("admin").await;
    let class = seed_id("class:EI-2026-A");
    let page_path = format!("/admin/classes/{class}/timetable");
    let (status, _, page) = app.get(&page_path, Some(&admin)).await;
    assert_eq!(status, StatusCode::OK);
    let activity = first_activity(&page);
    let (from, to) = (monday_past_the_seed(), monday_past_the_seed().add_days(11));
    let holiday = from.add_days(2);
    let body = format!(
        "activity={activity}&from={from}&to={to}&weekday=0&weekday=2&weekday=4&start=13%3A00&end=16%3A00\
         &place_km=%E1%9E%9A%E1%9F%84%E1%9E%84%E1%9E%87%E1%9E%B6%E1%9E%84&place_en=Workshop+9&holidays={holiday}"
    );
    let (status, headers, _) = app.post_form_as(&page_path, &admin, &body).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    // Mon, Fri, Mon, Wed, Fri of two weeks, without the first Wednesday.
    assert_eq!(
        location(&headers),
        format!("{page_path}?planned=5#sessions")
    );
    let (_, headers, _) = app.post_form_as(&page_path, &admin, &body).await;
    assert_eq!(
        location(&headers),
        format!("{page_path}?planned=0#sessions"),
        "the same pattern again adds nothing"
    );
    let (_, _, page) = app.get(&page_path, Some(&admin)).await;
    assert_eq!(page.matches("Workshop 9").count(), 5, "{page}");
    assert!(!page.contains(&format!("data-date=\"{holiday}\"")));

    // The trainer's agenda (the next 7 days from today) reaches the first of them only
    // when it is that close: ask the store for the trainer's sessions of the range.
    let trainer = store::users::CurrentUser {
        id: seed_id("user:trainer").parse().expect("id"),
        institute: seed_id("institute").parse().expect("id"),
        role: domain::Role::Trainer,
        username: "trainer".into(),
        display_name: Default::default(),
    };
    let range = |d: domain::calendar::Date| store::day_start(d);
    let theirs = store::teach::sessions(&app.pool, &trainer, &range(from), &range(to.add_days(1)))
        .await
        .expect("sessions");
    let ours: Vec<_> = theirs
        .iter()
        .filter(|s| s.place.en == "Workshop 9")
        .collect();
    assert_eq!(ours.len(), 5);
    let (first, second) = (ours[0].id.to_string(), ours[1].id.to_string());

    // Move the first to the Tuesday morning; bad input first.
    let session_path = format!("{page_path}/{first}");
    let (_, headers, _) = app
        .post_form_as(
            &format!("{session_path}/move"),
            &admin,
            "date=someday&start=9&end=08%3A00&place_km=&place_en=",
        )
        .await;
    let back = location(&headers);
    assert!(back.contains("error=bad_date,bad_time,bad_place"), "{back}");
    let (_, _, page) = app.get(&back, Some(&admin)).await;
    assert!(
        page.contains("value=\"someday\""),
        "what was typed comes back"
    );
    let tuesday = from.add_days(1);
    let (_, headers, _) = app
        .post_form_as(
            &format!("{session_path}/move"),
            &admin,
            &format!("date={tuesday}&start=08%3A00&end=10%3A00&place_km=&place_en=Room+5"),
        )
        .await;
    assert_eq!(location(&headers), format!("{session_path}?moved=1"));

    // Cancel the second after the trainer marked it (offline, then synced).
    let mark = serde_json::json!({
        "protocol": 2, "device": uuid::Uuid::now_v7().to_string(),
        "records": [{"id": uuid::Uuid::now_v7().to_string(), "seq": 1, "at": "2026-11-30T01:00:00Z",
            "kind": "attendance_mark",
            "data": {"session": second, "learner": seed_id("user:learner"), "status": "present",
                     "minutes_late": 0, "note": "", "replaces": []}}]
    });
    let trainer_cookie = app.cookie_for("trainer").await;
    let (status, _, answer) = app
        .post_json("/api/sync/v1/push", Some(&trainer_cookie), mark.to_string())
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert!(answer.contains("accepted"), "{answer}");
    let second_path = format!("{page_path}/{second}");
    let (_, headers, _) = app
        .post_form_as(&format!("{second_path}/cancelled"), &admin, "cancelled=1")
        .await;
    assert_eq!(location(&headers), format!("{second_path}?cancelled=1"));
    let (_, _, page) = app.get(&second_path, Some(&admin)).await;
    assert!(page.contains("id=\"session-decide\""), "{page}");
    assert!(page.contains("id=\"restore-button\""));
    let theirs = store::teach::sessions(&app.pool, &trainer, &range(from), &range(to.add_days(1)))
        .await
        .expect("sessions");
    let ours: Vec<_> = theirs
        .iter()
        .filter(|s| s.place.en == "Workshop 9" || s.place.en == "Room 5")
        .collect();
    assert_eq!(ours.len(), 4, "the cancelled one left the trainer's list");
    assert_eq!(ours[0].place.en, "Room 5");
    assert_eq!((ours[0].date, ours[0].start.hour), (tuesday, 8));
    let (marks,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM attendance_marks WHERE session_id = $1")
            .bind(&second)
            .fetch_one(&app.pool)
            .await
            .expect("marks");
    assert_eq!(marks, 1, "the roll call is kept");

    // Every reason of a bad pattern at once, and what was typed back.
    let (_, headers, _) = app
        .post_form_as(
            &page_path,
            &admin,
            &format!("activity={activity}&from=2027-02-30&to=&start=25%3A00&end=&place_en=&holidays=soon"),
        )
        .await;
    let back = location(&headers);
    assert!(
        back.contains("error=bad_date,no_days,bad_time,bad_place,bad_holiday"),
        "{back}"
    );
    let (_, _, page) = app.get(&back, Some(&admin)).await;
    assert!(
        page.contains("value=\"2027-02-30\"") && page.contains(">soon</textarea>"),
        "{page}"
    );

    // No other role, institute or site.
    let count = || async {
        let (n, cancelled, changed): (i64, i64, i64) = sqlx::query_as(
            "SELECT COUNT(*), COUNT(cancelled_at), COUNT(changed_at) FROM class_sessions",
        )
        .fetch_one(&app.pool)
        .await
        .expect("count");
        (n, cancelled, changed)
    };
    let before = count().await;
    let forms = [
        (page_path.clone(), body.replace("Workshop+9", "Evil")),
        (
            format!("{session_path}/move"),
            format!("date={tuesday}&start=09%3A00&end=10%3A00&place_en=Evil"),
        ),
        (
            format!("{session_path}/cancelled"),
            "cancelled=1".to_owned(),
        ),
        (format!("{second_path}/cancelled"), "cancelled=0".to_owned()),
    ];
    for role in ["learner", "trainer", "assessor", "curriculum"] {
        let cookie = app.cookie_for(role).await;
        for (form, body) in &forms {
            let (status, _, _) = app.post_form_as(form, &cookie, body).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{role} {form}");
        }
        for api in [
            format!("/api/admin/timetable?class={class}"),
            format!("/api/admin/timetable/session?class={class}&session={first}"),
        ] {
            let (status, _, _) = app.get(&api, Some(&cookie)).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{role} {api}");
        }
        let (_, _, html) = app.get(&page_path, Some(&cookie)).await;
        assert!(!html.contains("id=\"plan-form\""), "{role}");
    }
    let other = app.cookie_in_another_institute("admin").await;
    for (form, body) in &forms {
        let (status, _, _) = app.post_form_as(form, &other, body).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{form}");
    }
    for api in [
        format!("/api/admin/timetable?class={class}"),
        format!("/api/admin/timetable/session?class={class}&session={first}"),
    ] {
        let (status, _, _) = app.get(&api, Some(&other)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{api}");
    }
    for (form, body) in &forms {
        let (status, headers, _) = app.post_form(form, body).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{form}");
        assert!(location(&headers).starts_with("/login"));
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
    assert_eq!(count().await, before, "nothing changed");
}
