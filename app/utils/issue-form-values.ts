/** What was typed into the issue form, to show it again after a 400 (lists stay lists). */
export function issueFormValues(form: FormData) {
  const one = (k: string) => String(form.get(k) ?? "");
  return {
    title: one("title"),
    body: one("body"),
    type: one("type"),
    status: one("status"),
    priority: one("priority"),
    assigneeId: one("assigneeId"),
    ballHolderOrgId: one("ballHolderOrgId"),
    dueOn: one("dueOn"),
    affectedOrgIds: form.getAll("affectedOrgIds").map(String),
    labelIds: form.getAll("labelIds").map(String),
    vendorVisible: form.get("vendorVisible") === "on",
  };
}
