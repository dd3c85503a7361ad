// Children a launcher starts (servers, poolers, the load balancer) must not outlive it: a
// launcher that dies without its shutdown (an uncaught error, a second Ctrl+C) kills every
// child it tracked, at once, as it exits.
import type { ChildProcess } from "node:child_process";

const tracked = new Set<ChildProcess>();
let hooked = false;

export function trackChild(child: ChildProcess): ChildProcess {
  tracked.add(child);
  child.once("exit", () => tracked.delete(child));
  if (!hooked) {
    hooked = true;
    process.on("exit", () => {
      for (const running of tracked) if (running.exitCode === null && running.signalCode === null) running.kill("SIGKILL");
    });
  }
  return child;
}
