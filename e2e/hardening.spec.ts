// What an outside test tried against the running server: bodies that are not forms on every
// action, connections left hanging behind a refused body, and files stored for refused
// requests. Raw HTTP (node:http, node:net), since a browser never sends such requests.
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { createSessionFor, DB_PATH, expect, insertPerson, openDb, PERSONAS, test, userIdOf } from "./fixtures";

const base = () => new URL(test.info().project.use.baseURL!);
const FILES_DIR = path.join(path.dirname(DB_PATH), "files");

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** One request on its own connection; the body is sent whole before the answer is read. */
function send(method: string, urlPath: string, { headers = {}, body }: { headers?: Record<string, string>; body?: string | Buffer } = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const request = http.request(
      { host: base().hostname, port: base().port, method, path: urlPath, agent: false, headers: { Origin: base().origin, ...headers } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (c: Buffer) => chunks.push(c));
        response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    request.setTimeout(15_000, () => request.destroy(new Error(`${method} ${urlPath}: no answer within 15 s`)));
    request.on("error", reject);
    request.end(body);
  });
}

const cookieOf = (persona: keyof typeof PERSONAS) => `renkei_session=${createSessionFor(PERSONAS[persona])}`;
const count = (sql: string) => {
  const db = openDb();
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
};
/** Stored files no attachment refers to (what a refused upload written too early would leave). */
function unreferencedFiles() {
  if (!fs.existsSync(FILES_DIR)) return [];
  const db = openDb();
  const used = new Set((db.prepare("SELECT DISTINCT sha256 FROM attachment").all() as { sha256: string }[]).map((r) => r.sha256));
  db.close();
  return (fs.readdirSync(FILES_DIR, { recursive: true }) as string[]).map((f) => path.basename(f)).filter((name) => /^[0-9a-f]{64}$/.test(name) && !used.has(name)).sort();
}

/**
 * Every route that has an action — a file in app/routes, or a route folder's route.tsx — as a
 * URL with demo ids (ids need not be valid: the body is read or refused first).
 */
function actionUrls() {
  const dir = path.resolve("app/routes");
  return (fs.readdirSync(dir, { recursive: true, encoding: "utf8" }) as string[])
    .filter((f) => /\.tsx?$/.test(f) && !f.includes(".test.") && (!f.includes(path.sep) || /[\\/]route\.tsx?$/.test(f)))
    .filter((f) => /export (async function|const) action\b/.test(fs.readFileSync(path.join(dir, f), "utf8")))
    .map((f) =>
      f
        .replace(/[\\/]route\.tsx?$/, "")
        .replace(/\.tsx?$/, "")
        .split(/\.(?![^[]*\])/)
        .filter((s) => s !== "_app" && s !== "_index")
        .map((s) => s.replace(/_$/, "")) // admin.import_.people: a segment out of its parent's layout
        .map((s) => (s === "$token" ? "bogus-token-000000000000000000000000" : s.startsWith("$") ? "1" : s.replace(/\[(.)\]/g, "$1")))
        .join("/"),
    )
    .map((p) => `/${p}${p === "issues/new" || p === "meetings/new" ? "?wg=1" : ""}`);
}

const BOUNDARY = "----renkeihardening";
const MALFORMED: { name: string; headers: Record<string, string>; body: string }[] = [
  { name: "JSON", headers: { "Content-Type": "application/json" }, body: '{"email":"hardening@example.invalid","password":"x","title":"JSON"}' },
  { name: "text/plain", headers: { "Content-Type": "text/plain" }, body: "title=plain" },
  { name: "XML", headers: { "Content-Type": "application/xml" }, body: "<issue><title>XML</title></issue>" },
  { name: "no Content-Type", headers: {}, body: "title=none" },
  { name: "multipart without a boundary", headers: { "Content-Type": "multipart/form-data" }, body: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="title"\r\n\r\nx\r\n--${BOUNDARY}--\r\n` },
  { name: "truncated multipart", headers: { "Content-Type": `multipart/form-data; boundary=${BOUNDARY}` }, body: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="title"\r\n\r\n途中で切れた` },
  {
    name: "a line break inside a file name",
    headers: { "Content-Type": `multipart/form-data; boundary=${BOUNDARY}` },
    body: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="a\r\n.png"\r\n\r\nx\r\n--${BOUNDARY}--\r\n`,
  },
];

test("a body that is not a form gets a 4xx with a Japanese message on every action, and writes nothing", async () => {
  test.slow();
  const urls = actionUrls();
  expect(urls).toContain("/login");
  expect(urls).toContain("/issues/new?wg=1");
  expect(urls.length).toBeGreaterThan(25);
  // A PMO account of its own, so that what it (or an anonymous post) writes can be told apart
  // from what the tests running beside this one write.
  const db = openDb();
  const email = `hardening-pmo-${Date.now()}@demo.renkei.jp`;
  const pmoRow = db.prepare("SELECT organization_id AS org FROM user WHERE id = ?").get(userIdOf(db, PERSONAS.pmo)) as { org: number };
  const userId = insertPerson(db, { organizationId: pmoRow.org, email, displayName: "検証 事務局員", role: "pmo" });
  db.close();
  const pmo = `renkei_session=${createSessionFor(email)}`;
  const started = Date.now();
  const orphansBefore = unreferencedFiles();
  const failures: string[] = [];
  for (const url of urls.filter((u) => u !== "/logout")) {
    for (const bad of MALFORMED) {
      for (const cookie of [pmo, ""]) {
        const answer = await send("POST", url, { headers: { ...bad.headers, ...(cookie ? { Cookie: cookie } : {}) }, body: bad.body });
        // Signed out, a private action sends the person to the sign-in page first.
        if (!cookie && answer.status === 302) continue;
        if (answer.status < 400 || answer.status >= 500 || !/[ぁ-んァ-ン]/.test(answer.body)) {
          failures.push(`${url} ${bad.name} ${cookie ? "as PMO" : "signed out"}: ${answer.status}`);
        }
      }
    }
  }
  expect(failures).toEqual([]);
  expect(count(`SELECT count(*) AS n FROM audit_event WHERE actor_id = ${userId} OR (at >= ${started} AND after LIKE '%hardening@example.invalid%')`)).toBe(0);
  expect(count(`SELECT count(*) AS n FROM attachment WHERE uploaded_by = ${userId}`)).toBe(0);
  expect(unreferencedFiles()).toEqual(orphansBefore);
});

test("the refusal page says what was wrong", async () => {
  const answer = await send("POST", "/login", { headers: { "Content-Type": "application/json" }, body: '{"email":"a@b.c","password":"x"}' });
  expect(answer.status).toBe(415);
  expect(answer.body).toContain("送信された内容の形式に対応していません");
});

/** Raw requests on ONE keep-alive connection; resolves with the status lines seen in `ms`. */
function onOneConnection(requests: (string | Buffer)[], expected: number, ms = 8_000) {
  return new Promise<{ statuses: number[]; allSent: boolean }>((resolve) => {
    const socket = net.connect(Number(base().port), base().hostname);
    let seen = "";
    let allSent = false;
    const statuses = () => [...seen.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));
    socket.on("data", (chunk) => {
      seen += chunk.toString("latin1");
      if (allSent && statuses().length >= expected) done();
    });
    socket.on("error", () => undefined);
    const done = () => {
      socket.destroy();
      resolve({ statuses: statuses(), allSent });
    };
    const timer = setTimeout(done, ms);
    socket.on("close", () => {
      clearTimeout(timer);
      done();
    });
    socket.write(Buffer.concat(requests.map((r) => (typeof r === "string" ? Buffer.from(r, "latin1") : r))), () => {
      allSent = true;
      if (statuses().length >= expected) done();
    });
  });
}

function rawPost(urlPath: string, { cookie, contentType, body }: { cookie?: string; contentType: string; body: Buffer }) {
  const head = [`POST ${urlPath} HTTP/1.1`, `Host: ${base().host}`, `Origin: ${base().origin}`, `Content-Type: ${contentType}`, `Content-Length: ${body.length}`, ...(cookie ? [`Cookie: ${cookie}`] : []), "", ""].join("\r\n");
  return Buffer.concat([Buffer.from(head, "latin1"), body]);
}
const rawGet = (urlPath: string) => `GET ${urlPath} HTTP/1.1\r\nHost: ${base().host}\r\n\r\n`;

function multipartFile(size: number) {
  const head = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="title"\r\n\r\n大きすぎる添付\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="big.png"\r\nContent-Type: image/png\r\n\r\n`);
  const png = Buffer.alloc(size, 1);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(png);
  return Buffer.concat([head, png, Buffer.from(`\r\n--${BOUNDARY}--\r\n`)]);
}

test("after a refused 21 MB upload the same connection answers the next request at once", async () => {
  const cookie = cookieOf("staff");
  const upload = rawPost("/issues/new?wg=1", { cookie, contentType: `multipart/form-data; boundary=${BOUNDARY}`, body: multipartFile(21 * 1024 * 1024) });
  const { statuses } = await onOneConnection([upload, rawGet("/healthz")], 2);
  expect(statuses).toEqual([413, 200]);
});

test("a client that sends a whole 5 MB body before reading gets its answer", async () => {
  const body = Buffer.from(`body=${"a".repeat(5 * 1024 * 1024)}`);
  for (const [urlPath, cookie] of [["/logout", cookieOf("staff")], ["/markdown-preview", undefined], ["/issues/new?wg=1", undefined]] as const) {
    const started = Date.now();
    const { statuses, allSent } = await onOneConnection([rawPost(urlPath, { cookie, contentType: "application/x-www-form-urlencoded", body }), rawGet("/healthz")], 2);
    expect(allSent, `${urlPath}: the body was read`).toBe(true);
    expect(statuses.length, `${urlPath}: answered`).toBe(2);
    expect(statuses[0]).toBeLessThan(500);
    expect(statuses[1]).toBe(200);
    expect(Date.now() - started).toBeLessThan(8_000);
  }
});

test("a body declared larger than any form is refused at once and the connection closed", async () => {
  const head = [`POST /issues/new?wg=1 HTTP/1.1`, `Host: ${base().host}`, `Origin: ${base().origin}`, "Content-Type: multipart/form-data; boundary=x", `Content-Length: ${500 * 1024 * 1024}`, "", ""].join("\r\n");
  const started = Date.now();
  const { statuses } = await onOneConnection([head], 1);
  expect(statuses).toEqual([413]);
  expect(Date.now() - started).toBeLessThan(3_000);
});

test("files of a refused request are never stored", async () => {
  const before = unreferencedFiles();
  const png = multipartFile(1024).toString("latin1").replace(`--${BOUNDARY}--`, `--${BOUNDARY}\r\nContent-Disposition: form-data; name="assigneeId"\r\n\r\n999999\r\n--${BOUNDARY}--`);
  const refusedIssue = await send("POST", "/issues/new?wg=1", {
    headers: { Cookie: cookieOf("staff"), "Content-Type": `multipart/form-data; boundary=${BOUNDARY}` },
    body: Buffer.from(png, "latin1"),
  });
  expect(refusedIssue.status).toBe(400);

  // A town admin attaches an approval document to a stance for another town: 403, no file.
  const db = openDb();
  const decision = db.prepare("SELECT d.id FROM decision d JOIN decision_organization p ON p.decision_id = d.id WHERE d.status = '協議中' AND p.organization_id = 3 LIMIT 1").get() as { id: number };
  db.close();
  const stance = [
    ["intent", "stance"],
    ["organizationId", "3"],
    ["stance", "賛成"],
    ["approval", "決裁済"],
    ["approvedOn", "2026-11-20"],
  ]
    .map(([k, v]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
    .join("");
  const pdf = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="document"; filename="決裁.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n% なりすまし\n%%EOF\n\r\n--${BOUNDARY}--\r\n`;
  const refusedStance = await send("POST", `/decisions/${decision.id}`, {
    headers: { Cookie: cookieOf("kitagawaAdmin"), "Content-Type": `multipart/form-data; boundary=${BOUNDARY}` },
    body: Buffer.from(stance + pdf),
  });
  expect(refusedStance.status).toBe(403);
  expect(unreferencedFiles()).toEqual(before);
});

test("a stray X-Forwarded-Host on a form post is no 500: our origin check is the one that counts", async () => {
  const answer = await send("POST", "/login", {
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-Host": "other.example" },
    body: "email=nobody%40example.lg.jp&password=x",
  });
  expect(answer.status).toBe(400);
  expect(answer.body).toContain("メールアドレスまたはパスワードが正しくありません");
});

test("public files are served by name with their cache time; the same name with more path is a page, not a file", async ({ request }) => {
  const icon = await request.get("/favicon.svg");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toMatch(/^image\/svg\+xml/);
  expect(icon.headers()["cache-control"]).toBe("public, max-age=3600");
  expect((await request.get("/favicon.svg/other")).status()).toBe(404);
  const asset = /\/build\/[^"]+\.js/.exec(await (await request.get("/login")).text())![0];
  expect((await request.get(asset)).headers()["cache-control"]).toContain("immutable");
});
