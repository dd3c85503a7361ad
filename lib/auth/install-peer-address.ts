// Loaded by instrumentation.ts in the Node.js runtime only (it needs node:http).
import http from "node:http";
import https from "node:https";
import { installPeerAddressStamp } from "@/lib/auth/peer-address";

installPeerAddressStamp(http);
installPeerAddressStamp(https);
