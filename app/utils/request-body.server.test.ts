import { describe, expect, it } from "vitest";
import { MAX_FORM_BYTES, MAX_MULTIPART_BYTES, readForm, readLargeUploadForm, readUploadForm } from "./request-body.server";
import { MAX_UPLOAD_BYTES } from "./upload.server";

const URL_ = "http://localhost/issues/new";
const post = (body: BodyInit | null, contentType?: string) =>
  new Request(URL_, { method: "POST", body, headers: contentType ? { "Content-Type": contentType } : {}, duplex: "half" } as RequestInit);

/** The status and message of the response `readForm` throws. */
async function refusal(request: Request, read: (r: Request) => Promise<unknown> = readForm) {
  try {
    await read(request);
  } catch (error) {
    if (!(error instanceof Response)) throw error;
    const body = (await error.json()) as { code: string; message: string };
    expect(body.message).toMatch(/[ぁ-んァ-ン]/); // Japanese for clients that are not pages
    return { status: error.status, message: body.code };
  }
  throw new Error("the body was accepted");
}

const BOUNDARY = "----renkeitest";
const multipart = (...parts: string[]) => `${parts.map((p) => `--${BOUNDARY}\r\n${p}\r\n`).join("")}--${BOUNDARY}--\r\n`;
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;

describe("readForm", () => {
  it("reads the two encodings a browser form sends", async () => {
    const plain = await readForm(post("title=%E5%A4%96%E5%AD%97&n=1&n=2", "application/x-www-form-urlencoded;charset=UTF-8"));
    expect(plain.get("title")).toBe("外字");
    expect(plain.getAll("n")).toEqual(["1", "2"]);
    const withFile = await readUploadForm(
      post(multipart('Content-Disposition: form-data; name="title"\r\n\r\n様式', 'Content-Disposition: form-data; name="files"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello'), MULTIPART),
    );
    expect(withFile.tooLarge).toBe(false);
    expect(withFile.form?.get("title")).toBe("様式");
    expect((withFile.form?.get("files") as File).name).toBe("a.txt");
  });

  it("drops control characters and bidirectional overrides from every value, keeping line breaks", async () => {
    const form = await readForm(post(`title=${encodeURIComponent("見積\u0000書\u001b[2J\u202Egpj.exe")}&body=${encodeURIComponent("一行目\r\n二行目\t終")}`, "application/x-www-form-urlencoded"));
    expect(form.get("title")).toBe("見積書[2Jgpj.exe");
    expect(form.get("body")).toBe("一行目\r\n二行目\t終");
  });

  it.each([
    ["JSON", '{"email":"a@b.c","password":"x"}', "application/json"],
    ["text/plain", "email=a@b.c", "text/plain"],
    ["XML", "<login><email>a@b.c</email></login>", "application/xml"],
    ["no content type", "email=a@b.c", undefined],
  ])("refuses a %s body with 415 and a Japanese message", async (_name, body, type) => {
    expect(await refusal(post(body, type))).toEqual({ status: 415, message: "error.body.unsupported" });
  });

  it("refuses broken multipart bodies with 400", async () => {
    const noBoundary = post(multipart('Content-Disposition: form-data; name="a"\r\n\r\nb'), "multipart/form-data");
    expect(await refusal(noBoundary)).toEqual({ status: 400, message: "error.body.malformed" });
    const truncated = post(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\nhel`, MULTIPART);
    expect((await refusal(truncated, readUploadForm)).status).toBe(400);
    const lineBreakInName = post(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="a\r\n.png"\r\n\r\nx\r\n--${BOUNDARY}--\r\n`, MULTIPART);
    expect((await refusal(lineBreakInName, readUploadForm)).status).toBe(400);
    const garbage = post("not a multipart body at all", MULTIPART);
    expect((await refusal(garbage, readUploadForm)).status).toBe(400);
  });

  it("refuses a form over its limit with 413, without reading it all", async () => {
    expect(await refusal(post(`body=${"a".repeat(MAX_FORM_BYTES)}`, "application/x-www-form-urlencoded"))).toEqual({ status: 413, message: "error.body.tooLarge" });
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1024 * 1024;
        controller.enqueue(new Uint8Array(1024 * 1024).fill(97));
      },
    });
    expect((await refusal(post(endless, "application/x-www-form-urlencoded"))).status).toBe(413);
    expect(pulled).toBeLessThan(MAX_FORM_BYTES + 4 * 1024 * 1024);
  });

  it("reports a file over the per-file limit to the action, and a body over the total limit as 413", async () => {
    const big = "a".repeat(MAX_UPLOAD_BYTES + 1);
    const oneTooLarge = await readUploadForm(post(multipart(`Content-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\n${big}`), MULTIPART));
    expect(oneTooLarge).toEqual({ form: null, tooLarge: true });
    const part = `Content-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\n${"a".repeat(MAX_UPLOAD_BYTES - 10)}`;
    const parts = Array.from({ length: Math.ceil(MAX_MULTIPART_BYTES / MAX_UPLOAD_BYTES) + 1 }, () => part);
    expect((await refusal(post(multipart(...parts), MULTIPART), readUploadForm)).status).toBe(413);
    // An action without file fields refuses an oversized file outright.
    expect((await refusal(post(multipart(`Content-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\n${big}`), MULTIPART))).status).toBe(413);
  });
});

describe("readLargeUploadForm", () => {
  it("streams the one large file to disk and reads the other fields; past its limit it keeps nothing", async () => {
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "renkei-upload-"));
    const body = (size: number) =>
      post(multipart('Content-Disposition: form-data; name="email"\r\n\r\npmo@example.jp', `Content-Disposition: form-data; name="archive"; filename="x.zip"\r\nContent-Type: application/zip\r\n\r\n${"z".repeat(size)}`), MULTIPART);
    const read = await readLargeUploadForm(body(1000), { field: "archive", maxBytes: 4096, directory });
    expect(read.tooLarge).toBe(false);
    expect(read.form?.get("email")).toBe("pmo@example.jp");
    expect(read.form?.has("archive")).toBe(false);
    expect(fs.readFileSync(read.file!, "utf8")).toBe("z".repeat(1000));
    fs.rmSync(read.file!);
    expect(await readLargeUploadForm(body(5000), { field: "archive", maxBytes: 4096, directory })).toMatchObject({ tooLarge: true, file: null });
    expect(fs.readdirSync(directory)).toEqual([]);
    // Only multipart bodies carry a file.
    expect((await refusal(post("email=x", "application/x-www-form-urlencoded"), (r) => readLargeUploadForm(r, { field: "archive", maxBytes: 4096, directory }))).status).toBe(415);
    fs.rmSync(directory, { recursive: true, force: true });
  });
});

describe("every action", () => {
  it("reads its body through readForm or readUploadForm, never request.formData()", async () => {
    const fs = await import("node:fs");
    const path = await import("node:path");
    const dir = path.resolve("app/routes");
    const offenders = (fs.readdirSync(dir, { recursive: true, encoding: "utf8" }) as string[]).filter((f) => /\.tsx?$/.test(f) && !f.includes(".test.") && /request\.(formData|json|text|arrayBuffer|blob)\(\)/.test(fs.readFileSync(path.join(dir, f), "utf8")));
    expect(offenders).toEqual([]);
  });
});
