// Verifies one webhook delivery with the Standard Webhooks reference library, as a receiver would.
// Input on stdin: {"secret": "whsec_...", "headers": {"webhook-id": ..., ...}, "body": "..."}.
// Prints the verified payload's job_id and exits 0, or prints the library's error and exits 1.
import { Webhook } from "standardwebhooks";

let input = "";
for await (const chunk of process.stdin) {
  input += chunk;
}
const { secret, headers, body } = JSON.parse(input);
try {
  const payload = new Webhook(secret).verify(body, headers);
  console.log(payload.job_id);
} catch (error) {
  console.log(`not verified: ${error.message}`);
  process.exit(1);
}
