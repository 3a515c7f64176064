//! Everyday job 4: an actix-web handler that accepts only requests Twilio signed
//! (`TWILIO_AUTH_TOKEN`, optional `TWILIO_WEBHOOK_BASE_URL`) and answers TwiML.

use actix_web::{App, HttpServer, post};
use twilio_twiml::voice::{Say, VoiceResponse};
use twilio_webhook::{actix::TwilioWebhook, actix::WebhookConfig, payload::VoiceRequest};

#[post("/voice")]
pub(crate) async fn voice(call: TwilioWebhook<VoiceRequest>) -> VoiceResponse {
    let caller = call.from.as_ref().map_or("caller", |from| from.as_str());
    VoiceResponse::new().say(Say::new(format!("Hello {caller}")))
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let config = WebhookConfig::from_env()?;
    let app = move || App::new().app_data(config.clone()).service(voice);
    HttpServer::new(app).bind("127.0.0.1:3000")?.run().await
}
