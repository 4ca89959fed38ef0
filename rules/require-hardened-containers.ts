import path from "node:path";
import { isMap, isScalar, type Document, type ParsedNode } from "yaml";
import { createRule, type RuleContext } from "../src/rule-api/index.js";
import { entriesOf, itemsOf, parseYamlFile, textOf, type YamlFile } from "../src/rule-api/repo/yaml-file.js";
import { lookup, resolve, type Found } from "../src/rule-api/repo/yaml-lookup.js";

/** Capabilities that amount to root on the host, or to escaping the container. */
const DANGEROUS_CAPS = new Set(["ALL", "SYS_ADMIN", "SYS_PTRACE", "SYS_MODULE", "SYS_RAWIO", "SYS_BOOT", "DAC_READ_SEARCH", "BPF"]);
const DOCKER_SOCKET = /^\/{1,2}(var\/)?run\/docker\.sock$/;
/** Where each workload kind keeps its pod spec. */
const POD_SPEC_PATH: Readonly<Record<string, string[]>> = {
  Pod: ["spec"],
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  ReplicationController: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
};

export default createRule({
  id: "require-hardened-containers",
  meta: {
    description: "Run containers from compose files and Kubernetes manifests without privileges, host namespaces or the Docker socket",
    severity: "high",
    confidence: "high",
    checklist: ["DEPL-2", "SAUTH-4"],
    cwe: ["CWE-250"],
    messages: {
      privileged:
        "{{what}} runs privileged: it gets every capability and the host's devices, so any code execution through a tool is root on the host. Remove `privileged`, and add back only the specific capability or device it needs.",
      dangerousCapability:
        "{{what}} adds {{caps}}: {{why}}. Drop the capability (start from `cap_drop: [ALL]` / `drop: [\"ALL\"]` and add back only harmless ones such as NET_BIND_SERVICE).",
      hostNetwork:
        "{{what}} shares the host's network namespace: the server's ports bind directly on the host, and it can reach services bound to the host's loopback (databases, cloud metadata proxies, other MCP servers). Use the default bridge/pod network and publish only the port it needs.",
      hostPid:
        "{{what}} shares the host's process namespace: it can see, signal and (with ptrace) inspect every process on the host, including their environment variables and secrets. Remove it.",
      dockerSocket:
        "{{what}} mounts the Docker socket ({{source}}): whoever controls the container controls the Docker daemon, which is root on the host (start a privileged container, mount /). Remove the mount; if the server must start containers, put a restricted proxy (e.g. docker-socket-proxy) or a rootless runtime in between.",
      privilegeEscalation:
        "{{what}} {{how}} `allowPrivilegeEscalation`: setuid binaries in the image can gain more privileges than the process started with. Set `securityContext.allowPrivilegeEscalation: false` on every container.",
      mayRunAsRoot:
        "{{what}} does not require a non-root user ({{how}}): if the image's default user is root, the server runs as root. Set `securityContext.runAsNonRoot: true` (and `runAsUser` to a non-zero UID) on the container or the pod.",
    },
    docs: {
      rationale:
        "The container is only an isolation layer when it keeps its privileges small. A privileged container, one with SYS_ADMIN or ALL capabilities, one sharing the host's PID or network namespace, or one with the Docker socket mounted, is separated from the host by convention only: an MCP server exploited through a tool call (command injection, path traversal, a malicious dependency) walks straight out. In Kubernetes, containers that may escalate privileges or run as root lose the defences the Pod Security Standards' restricted profile gives for free.",
      remediation:
        "In compose, drop `privileged`, `cap_add` of powerful capabilities, `network_mode: host`, `pid: host` and Docker socket mounts, and add `cap_drop: [ALL]`, `read_only: true` and `security_opt: [no-new-privileges:true]`. In Kubernetes, give every container `securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: [ALL] }, readOnlyRootFilesystem: true }` and keep `hostNetwork`/`hostPID` off.",
      examples: {
        bad: [
          "// file: docker-compose.yml",
          "// services:",
          "//   mcp:",
          "//     image: ghcr.io/acme/files-mcp:1.4.0",
          "//     privileged: true",
          "//     volumes:",
          "//       - /var/run/docker.sock:/var/run/docker.sock",
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'export const server = new McpServer({ name: "files", version: "1.0.0" });',
        ].join("\n"),
        good: [
          "// file: docker-compose.yml",
          "// services:",
          "//   mcp:",
          "//     image: ghcr.io/acme/files-mcp:1.4.0",
          "//     read_only: true",
          "//     cap_drop: [ALL]",
          "//     security_opt: [no-new-privileges:true]",
          "//     volumes:",
          "//       - ./data:/data:ro",
          'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";',
          'export const server = new McpServer({ name: "files", version: "1.0.0" });',
        ].join("\n"),
      },
    },
    references: ["https://cwe.mitre.org/data/definitions/250.html", "https://kubernetes.io/docs/concepts/security/pod-security-standards/", "https://docs.docker.com/reference/compose-file/services/", "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"],
  },
  create(context) {
    return {
      check() {
        for (const file of context.auxiliaryFiles) {
          const base = path.posix.basename(file.path);
          const isCompose = /^(docker-)?compose.*\.ya?ml$/i.test(base);
          const isManifest = /\.ya?ml$/i.test(base) && /(^|\/)(k8s|kubernetes)\//.test(file.path);
          if (!isCompose && !isManifest) continue;
          const yaml = parseYamlFile(file);
          for (const doc of yaml.docs) {
            if (isCompose) checkCompose(context, yaml, doc);
            else checkManifest(context, yaml, doc);
          }
        }
      },
    };
  },
});

function checkCompose(context: RuleContext, yaml: YamlFile, doc: Document.Parsed): void {
  const services = lookup(doc, doc.contents, "services")?.node;
  for (const [name, service, servicePair] of entriesOf(services)) {
    const what = `The compose service \`${name}\``;
    const report = (found: Found | undefined, messageId: string, data: Record<string, string> = {}) =>
      context.report({ location: { path: yaml.file.path, line: yaml.lineOf(found?.pair ?? servicePair) }, messageId, data: { what, ...data } });
    const privileged = lookup(doc, service, "privileged");
    if (isTrue(privileged)) report(privileged, "privileged");
    const capAdd = lookup(doc, service, "cap_add");
    const caps = dangerousCaps(itemsOf(capAdd?.node).map((n) => textOf(resolve(doc, n)) ?? ""));
    if (caps.length && !isTrue(privileged)) report(capAdd, "dangerousCapability", capData(caps));
    const network = lookup(doc, service, "network_mode");
    if (textOf(network?.node) === "host") report(network, "hostNetwork");
    const pid = lookup(doc, service, "pid");
    if (textOf(pid?.node) === "host") report(pid, "hostPid");
    const volumes = lookup(doc, service, "volumes");
    for (const volume of itemsOf(volumes?.node)) {
      const v = resolve(doc, volume);
      const source = isScalar(v) ? (textOf(v) ?? "").split(":")[0] : textOf(lookup(doc, v, "source")?.node);
      if (source && DOCKER_SOCKET.test(source)) {
        context.report({ location: { path: yaml.file.path, line: yaml.lineOf(volume) }, messageId: "dockerSocket", data: { what, source } });
        break;
      }
    }
  }
}

function checkManifest(context: RuleContext, yaml: YamlFile, doc: Document.Parsed): void {
  const kind = textOf(lookup(doc, doc.contents, "kind")?.node);
  const specPath = kind ? POD_SPEC_PATH[kind] : undefined;
  if (!kind || !specPath) return;
  let spec: ParsedNode | null | undefined = doc.contents;
  for (const key of specPath) spec = lookup(doc, spec, key)?.node;
  if (!isMap(spec)) return;
  const name = textOf(lookup(doc, lookup(doc, doc.contents, "metadata")?.node, "name")?.node) ?? "(unnamed)";
  const workload = `The ${kind} \`${name}\``;
  const at = (found: Found | undefined, fallback: ParsedNode) => ({ path: yaml.file.path, line: yaml.lineOf(found?.pair ?? fallback) });
  for (const [key, messageId] of [["hostNetwork", "hostNetwork"], ["hostPID", "hostPid"]] as const) {
    const found = lookup(doc, spec, key);
    if (isTrue(found)) context.report({ location: at(found, spec), messageId, data: { what: workload } });
  }
  for (const volume of itemsOf(lookup(doc, spec, "volumes")?.node)) {
    const hostPath = textOf(lookup(doc, lookup(doc, volume, "hostPath")?.node, "path")?.node);
    if (hostPath && DOCKER_SOCKET.test(hostPath)) context.report({ location: { path: yaml.file.path, line: yaml.lineOf(volume) }, messageId: "dockerSocket", data: { what: workload, source: `hostPath ${hostPath}` } });
  }
  const podContext = lookup(doc, spec, "securityContext")?.node;
  const podNonRoot = isTrue(lookup(doc, podContext, "runAsNonRoot")) || nonZero(lookup(doc, podContext, "runAsUser"));
  for (const field of ["initContainers", "containers", "ephemeralContainers"]) {
    for (const containerNode of itemsOf(lookup(doc, spec, field)?.node)) {
      const container = resolve(doc, containerNode);
      if (!isMap(container)) continue;
      // A container without an image is a kustomize patch or a fragment: judge only what it sets.
      const partial = !lookup(doc, container, "image");
      const containerName = textOf(lookup(doc, container, "name")?.node) ?? "(unnamed)";
      const what = `Container \`${containerName}\` of the ${kind} \`${name}\``;
      const nameAt = lookup(doc, container, "name");
      const sc = lookup(doc, container, "securityContext");
      const privileged = lookup(doc, sc?.node, "privileged");
      if (isTrue(privileged)) context.report({ location: at(privileged, container), messageId: "privileged", data: { what } });
      const add = lookup(doc, lookup(doc, sc?.node, "capabilities")?.node, "add");
      const caps = dangerousCaps(itemsOf(add?.node).map((n) => textOf(resolve(doc, n)) ?? ""));
      if (caps.length && !isTrue(privileged)) context.report({ location: at(add, container), messageId: "dangerousCapability", data: { what, ...capData(caps) } });
      const escalation = lookup(doc, sc?.node, "allowPrivilegeEscalation");
      if (isTrue(escalation)) context.report({ location: at(escalation, container), messageId: "privilegeEscalation", data: { what, how: "sets" } });
      else if (!escalation && !partial && !isTrue(privileged)) context.report({ location: at(nameAt, container), messageId: "privilegeEscalation", data: { what, how: "does not turn off" } });
      const nonRoot = lookup(doc, sc?.node, "runAsNonRoot");
      const user = lookup(doc, sc?.node, "runAsUser");
      const containerSaysRoot = textOf(nonRoot?.node) === "false" || textOf(user?.node) === "0";
      if (containerSaysRoot) context.report({ location: at(textOf(user?.node) === "0" ? user : nonRoot, container), messageId: "mayRunAsRoot", data: { what, how: textOf(user?.node) === "0" ? "runAsUser is 0" : "runAsNonRoot is false" } });
      else if (!partial && !isTrue(nonRoot) && !nonZero(user) && !podNonRoot) context.report({ location: at(nameAt, container), messageId: "mayRunAsRoot", data: { what, how: "no runAsNonRoot or non-zero runAsUser on the container or the pod" } });
    }
  }
}

function isTrue(found: Found | undefined): boolean {
  return textOf(found?.node)?.toLowerCase() === "true";
}

function nonZero(found: Found | undefined): boolean {
  const value = textOf(found?.node);
  return value !== undefined && /^\d+$/.test(value) && value !== "0";
}

function dangerousCaps(names: string[]): string[] {
  return [...new Set(names.map((n) => n.toUpperCase().replace(/^CAP_/, "")).filter((n) => DANGEROUS_CAPS.has(n)))];
}

function capData(caps: string[]): { caps: string; why: string } {
  const why = caps.includes("ALL") || caps.includes("SYS_ADMIN") ? "these capabilities are close to full root on the host (mount filesystems, load BPF, escape through cgroups)" : "these capabilities let a compromised process read or tamper with the host beyond the container's own files";
  return { caps: caps.map((c) => `\`${c}\``).join(", "), why };
}
