/**
 * The SDK's documentation of each shape and member, read from the JSDoc of its type declarations
 * (`dist-types/models/models_*.d.ts` of @aws-sdk/client-guardduty), which carry GuardDuty's own
 * API reference text as HTML. Used by the schema generator only (`npm run codegen`).
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import ts from "typescript";

export interface Doc {
  /** The first sentence or two, as plain text. */
  summary: string;
  /** The text of an `@deprecated` tag, when the SDK marks the member deprecated. */
  deprecated?: string;
}

export interface ShapeDocs {
  doc?: Doc;
  members: Map<string, Doc>;
}

/** The folder of the SDK's model declarations, next to the package's CommonJS entry. */
function modelsDirectory(): string {
  const entry = createRequire(import.meta.url).resolve("@aws-sdk/client-guardduty");
  return join(dirname(dirname(entry)), "dist-types", "models");
}

let cached: Map<string, ShapeDocs> | undefined;

/** Documentation of every interface the SDK declares, by shape name. */
export function sdkDocs(): Map<string, ShapeDocs> {
  if (cached) return cached;
  const docs = new Map<string, ShapeDocs>();
  const directory = modelsDirectory();
  for (const file of readdirSync(directory).filter((name) => /^models_\d+\.d\.ts$/.test(name))) {
    const source = ts.createSourceFile(
      file,
      readFileSync(join(directory, file), "utf8"),
      ts.ScriptTarget.Latest,
      // JSDoc lookup walks parent links.
      true,
    );
    for (const statement of source.statements) {
      if (!ts.isInterfaceDeclaration(statement)) continue;
      const members = new Map<string, Doc>();
      for (const member of statement.members) {
        if (!ts.isPropertySignature(member) || !member.name) continue;
        const doc = docOf(member);
        if (doc) members.set(member.name.getText(source), doc);
      }
      const doc = docOf(statement);
      docs.set(statement.name.text, doc ? { doc, members } : { members });
    }
  }
  cached = docs;
  return docs;
}

function docOf(node: ts.Node): Doc | undefined {
  const jsDoc = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc).at(-1);
  if (!jsDoc) return undefined;
  const summary = summarize(plainText(ts.getTextOfJSDocComment(jsDoc.comment) ?? ""));
  const deprecatedTag = jsDoc.tags?.find((tag) => tag.tagName.text === "deprecated");
  const deprecated = deprecatedTag
    ? plainText(ts.getTextOfJSDocComment(deprecatedTag.comment) ?? "") || "Deprecated by GuardDuty."
    : undefined;
  if (!summary && !deprecated) return undefined;
  return deprecated ? { summary, deprecated } : { summary };
}

const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
  "&apos;": "'",
  "&nbsp;": " ",
};

/** HTML (as the API reference writes it) to one line of plain text; paragraphs become sentences. */
export function plainText(html: string): string {
  return html
    .replace(/<\/(p|li)>/gi, " ")
    .replace(/<[^>]*>/g, "")
    .replace(/&[a-z]+;|&#\d+;/gi, (entity) => ENTITIES[entity.toLowerCase()] ?? entity)
    .replace(/\s+/g, " ")
    .trim();
}

/** Abbreviations that end in a period without ending a sentence. */
const ABBREVIATIONS = /\b(e\.g|i\.e|etc|vs|Inc|approx)\.$/i;
/** A summary this short says little, so the next sentence joins it. */
const SHORT_SUMMARY = 60;

/** The first sentence, or the first two when the first is short. */
export function summarize(text: string): string {
  const sentences: string[] = [];
  let start = 0;
  const boundary = /[.!?](?=\s+[A-Z0-9"(<])/g;
  for (let match = boundary.exec(text); match; match = boundary.exec(text)) {
    const candidate = text.slice(start, match.index + 1).trim();
    if (ABBREVIATIONS.test(candidate)) continue;
    sentences.push(candidate);
    start = match.index + 1;
    if (sentences.length === 2) break;
  }
  if (sentences.length < 2 && start < text.length) sentences.push(text.slice(start).trim());
  const [first = "", second] = sentences;
  return first.length < SHORT_SUMMARY && second ? `${first} ${second}` : first;
}
