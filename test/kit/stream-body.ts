/** Request bodies streamed to a server, as a client that keeps sending until it is answered. */
import { type IncomingMessage, request } from "node:http";

export interface RawAnswer {
  status: number;
  headers: IncomingMessage["headers"];
  text: string;
  /** Body bytes written before the answer came. */
  sent: number;
}

/**
 * POSTs `total` bytes of JSON whitespace in 64 KiB chunks, with Content-Length or chunked, and
 * stops sending once the answer arrives (as a client does when refused early).
 */
export function streamBody(url: string, total: number, declareLength: boolean): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024, " ");
    let sent = 0;
    let answered = false;
    const req = request(`${url}/graphql`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(declareLength ? { "content-length": String(total) } : {}),
      },
    });
    req.on("response", (res) => {
      answered = true;
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (part: string) => {
        text += part;
      });
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, sent });
        req.destroy();
      });
    });
    // Writes after a refusal may fail (the server closed); only an unanswered request is a failure.
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    const pump = () => {
      while (sent < total && !answered) {
        const piece = chunk.subarray(0, Math.min(chunk.length, total - sent));
        sent += piece.length;
        if (!req.write(piece)) {
          req.once("drain", pump);
          return;
        }
      }
      req.end();
    };
    pump();
  });
}
