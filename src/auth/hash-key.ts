/**
 * `npm run --silent hash-key`: makes a new API key and prints it with the entry to add to
 * AUTH_API_KEYS_FILE. `npm run --silent hash-key -- --stdin` prints the digest of a key read from
 * standard input instead (never from the command line, where it would stay in shell history
 * and be visible to other users in the process list).
 */
import { newApiKey, sha256Hex } from "./api-keys.js";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // `echo` and here-strings add a line break that is not part of the key.
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

async function main(argv: readonly string[]): Promise<void> {
  if (argv.length === 1 && argv[0] === "--stdin") {
    const key = await readStdin();
    if (key === "") throw new Error("no key on standard input");
    console.log(sha256Hex(key));
    return;
  }
  if (argv.length > 0) throw new Error("usage: hash-key [--stdin]");
  const { key, sha256 } = newApiKey();
  console.log(`API key (give it to the client; it is not stored anywhere):\n  ${key}`);
  console.log("Entry for AUTH_API_KEYS_FILE (set the name and scopes):");
  console.log(`  ${JSON.stringify({ name: "client-name", sha256, scopes: ["findings:read"] })}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
