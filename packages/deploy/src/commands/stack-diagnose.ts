import { pending } from "./pending.js";

// Placeholder until this phase lands.
export default pending("stack diagnose", "");
