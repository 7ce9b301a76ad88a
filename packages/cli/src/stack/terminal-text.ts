/**
 * Text that came from AWS (a resource's status reason, an API error) made safe to print on a terminal: a
 * reason is free text a resource handler or a custom resource wrote, and may carry escape sequences.
 */

const ESCAPE_SEQUENCE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]+/g;

/**
 * `text` without terminal escape sequences (CSI, OSC, two-character ESC sequences) and with every other run of
 * control characters (newlines and tabs included) turned into one space, so it prints on one line as text.
 */
export function sanitizeText(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, "").replace(CONTROL_CHARACTERS, " ");
}
