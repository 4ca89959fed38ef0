import { createHmac, randomUUID } from "node:crypto";

export interface Delivery {
  status: number;
  body: string;
}

/** Posts a webhook as GitHub does: JSON body, event name, delivery id and the body's HMAC-SHA256 under the secret. */
export async function sendWebhook(url: string, secret: string, event: string, payload: unknown): Promise<Delivery> {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-github-event": event, "x-github-delivery": randomUUID(), "x-hub-signature-256": signature, "user-agent": "GitHub-Hookshot/test" },
    body,
  });
  return { status: response.status, body: await response.text() };
}

/** The repository and installation every payload carries. */
export function repositoryFields(owner: string, repo: string, installationId: number, visibility: { private: boolean } = { private: false }) {
  return {
    installation: { id: installationId, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" },
    repository: { id: 1, name: repo, full_name: `${owner}/${repo}`, owner: { login: owner, type: "Organization" }, private: visibility.private, default_branch: "main" },
  };
}
