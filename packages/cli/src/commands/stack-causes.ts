/**
 * `vectora stack causes`: the stack doctor's catalogue of known failure causes — what each matches, where, and
 * the fix — the reference to read before searching the web for a stack failure.
 */
import { defineCommand, JSON_FLAG } from "../cli-kit.js";
import { type CauseDescription, describeCauses } from "../stack/catalogue.js";

const usage = `Usage: vectora stack causes [--json]

Lists the causes \`vectora stack diagnose\` recognises, in the order it tries them (specific causes first,
then the generic ones: a permission, throttling, a template or schema error): for each, the resource types
and operations it applies to, the AWS texts it matches (with the public report each was taken from) and the
fix. A reason that matches none is shown raw as "not a known cause".
--json prints {"causes":[{"id","summary","resourceTypes","operations","generic","matches":[{"text",
"pattern","source"}],"fix"}]}.`;

function formatCause(cause: CauseDescription): string {
  const lines = [
    `${cause.id}${cause.generic ? " (generic)" : ""} — ${cause.summary}`,
    `  applies to: ${cause.resourceTypes.join(", ")} (${cause.operations.join(", ")})`,
  ];
  cause.matches.forEach((m, i) => {
    lines.push(`  ${i === 0 ? "matches:   " : "           "} ${m.text}`);
    lines.push(`             source: ${m.source}`);
  });
  lines.push(`  fix:        ${cause.fix}`);
  return lines.join("\n");
}

export default defineCommand({
  usage,
  flags: { ...JSON_FLAG },
  async run(values, io) {
    const causes = describeCauses();
    if (values.json) {
      io.out(`${JSON.stringify({ causes })}\n`);
      return 0;
    }
    io.out(
      `${causes.length} known causes, in matching order (\`vectora stack diagnose\` names the first that fits ` +
        `the failed resource's type, operation and reason):\n\n`,
    );
    io.out(`${causes.map(formatCause).join("\n\n")}\n`);
    return 0;
  },
});
