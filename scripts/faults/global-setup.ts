// Once per `npm run test:faults`: the app must be built before any test starts it.
import { ensureBuild } from "./harness";

export default async function setup() {
  await ensureBuild();
}
