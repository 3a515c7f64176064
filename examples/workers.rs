//! Everyday job 6: stream every TaskRouter worker of a workspace, page by page.
#![allow(clippy::print_stdout)] // printing the workers is the point

use twilio_rest::Twilio;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let workspace = "WS00000000000000000000000000000000";
    let workers = Twilio::from_env()?.taskrouter().workers(workspace);
    Ok(workers.for_each(|w| println!("{}", w.sid)).await?)
}
