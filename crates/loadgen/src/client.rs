//! A minimal HTTP/1.1 client on one keep-alive connection (hyper's own), enough to drive
//! the server: status, `Set-Cookie`, body.

use http_body_util::BodyExt;
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;

pub struct Client {
    sender: SendRequest<String>,
    host: String,
}

pub struct Response {
    pub status: u16,
    pub set_cookie: Vec<String>,
    /// Where a redirect points.
    pub location: Option<String>,
    pub body: String,
}

impl Client {
    pub async fn connect(base: &str) -> Result<Client, String> {
        let host = base.trim_start_matches("http://").to_owned();
        let stream = tokio::net::TcpStream::connect(&host)
            .await
            .map_err(|e| format!("connect {host}: {e}"))?;
        let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| e.to_string())?;
        tokio::spawn(connection);
        Ok(Client { sender, host })
    }

    pub async fn send(&mut self, mut request: http::Request<String>) -> Result<Response, String> {
        if let Ok(host) = http::HeaderValue::from_str(&self.host) {
            request.headers_mut().insert(http::header::HOST, host);
        }
        self.sender.ready().await.map_err(|e| e.to_string())?;
        let response = self
            .sender
            .send_request(request)
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let set_cookie = response
            .headers()
            .get_all(http::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_owned))
            .collect();
        let location = response
            .headers()
            .get(http::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| e.to_string())?
            .to_bytes();
        Ok(Response {
            status,
            set_cookie,
            location,
            body: String::from_utf8_lossy(&body).into_owned(),
        })
    }
}
