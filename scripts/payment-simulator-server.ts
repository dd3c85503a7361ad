// The shared payment simulator as a process (scripts/lib/payment-simulator-server.ts), for a
// shop run as several instances behind a load balancer (`npm run cluster` starts it). Give
// every instance PAYMENT_SIMULATOR_URL=<its URL> and the same STRIPE_WEBHOOK_SECRET.
//   STRIPE_WEBHOOK_SECRET=whsec_... tsx --conditions=react-server scripts/payment-simulator-server.ts \
//     --port 12111 --webhook-url http://127.0.0.1:3000/api/webhooks/stripe
import { env } from "@/lib/env";
import { startSimulatorServer } from "@/scripts/lib/payment-simulator-server";

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main() {
  const port = Number(argument("port") ?? 12111);
  const webhookUrl = argument("webhook-url");
  const settings = env();
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got "${argument("port")}"`);
  if (!webhookUrl || !URL.canParse(webhookUrl))
    throw new Error("--webhook-url must be the shop's webhook URL, e.g. http://127.0.0.1:3000/api/webhooks/stripe");
  if (!settings.STRIPE_WEBHOOK_SECRET)
    throw new Error("STRIPE_WEBHOOK_SECRET must be set: the instances check the webhooks' signatures with it");
  const server = await startSimulatorServer({
    port,
    webhookUrl,
    webhookSecret: settings.STRIPE_WEBHOOK_SECRET,
    settleAfterMs: settings.PAYMENT_SIMULATOR_DELAY,
    log: (line) => console.log(`[payments] ${line}`),
  });
  console.log(`[payments] payment simulator on ${server.url}, webhooks to ${webhookUrl}`);
  const stop = () => void server.stop().finally(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
