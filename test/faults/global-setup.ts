// Once per `npm run test:faults`: the app must be built before any test starts it.
import { ensureBuild } from "@/test/faults/harness";

export default async function setup() {
  await ensureBuild();
}
