import type { Random } from "./random.js";

/** A field of an entity, which decides its zod schema, its sample use and how it is printed. */
export type Field =
  | { name: string; kind: "text" }
  | { name: string; kind: "enum"; values: readonly string[] }
  | { name: string; kind: "count" }
  | { name: string; kind: "date" }
  | { name: string; kind: "flag" };

export interface Entity {
  name: string;
  plural: string;
  fields: readonly Field[];
}

export interface Domain {
  key: string;
  title: string;
  host: string;
  entities: readonly Entity[];
}

const text = (name: string): Field => ({ name, kind: "text" });
const count = (name: string): Field => ({ name, kind: "count" });
const date = (name: string): Field => ({ name, kind: "date" });
const flag = (name: string): Field => ({ name, kind: "flag" });
const oneOf = (name: string, ...values: string[]): Field => ({ name, kind: "enum", values });
const entity = (name: string, plural: string, ...fields: Field[]): Entity => ({ name, plural, fields });

export const DOMAINS: readonly Domain[] = [
  {
    key: "tickets",
    title: "issue tracker",
    host: "api.tickets.example.com",
    entities: [
      entity("ticket", "tickets", text("title"), oneOf("status", "open", "in_progress", "closed"), count("points"), date("updatedAt")),
      entity("comment", "comments", text("author"), text("body"), date("createdAt")),
      entity("sprint", "sprints", text("name"), date("startsAt"), date("endsAt"), count("velocity")),
      entity("label", "labels", text("name"), text("color"), count("usage")),
      entity("milestone", "milestones", text("title"), date("dueOn"), flag("closed")),
    ],
  },
  {
    key: "weather",
    title: "weather service",
    host: "api.weather.example.com",
    entities: [
      entity("forecast", "forecasts", text("city"), count("highC"), count("lowC"), oneOf("sky", "clear", "cloudy", "rain", "snow")),
      entity("station", "stations", text("name"), text("region"), count("elevation"), flag("active")),
      entity("alert", "alerts", text("headline"), oneOf("severity", "minor", "moderate", "severe"), date("expires")),
      entity("observation", "observations", text("station"), count("pressure"), count("humidity"), date("observedAt")),
    ],
  },
  {
    key: "inventory",
    title: "warehouse inventory",
    host: "api.inventory.example.com",
    entities: [
      entity("product", "products", text("sku"), text("name"), count("stock"), oneOf("state", "active", "discontinued")),
      entity("warehouse", "warehouses", text("code"), text("city"), count("capacity")),
      entity("shipment", "shipments", text("carrier"), oneOf("status", "pending", "in_transit", "delivered"), date("shippedAt")),
      entity("supplier", "suppliers", text("name"), text("country"), count("leadDays"), flag("preferred")),
    ],
  },
  {
    key: "calendar",
    title: "team calendar",
    host: "api.calendar.example.com",
    entities: [
      entity("event", "events", text("summary"), date("startsAt"), date("endsAt"), oneOf("visibility", "public", "private")),
      entity("room", "rooms", text("name"), count("seats"), flag("bookable")),
      entity("attendee", "attendees", text("email"), oneOf("response", "accepted", "declined", "tentative")),
      entity("reminder", "reminders", text("message"), count("minutesBefore"), flag("sent")),
    ],
  },
  {
    key: "billing",
    title: "billing platform",
    host: "api.billing.example.com",
    entities: [
      entity("invoice", "invoices", text("number"), count("amountCents"), oneOf("status", "draft", "sent", "paid", "void"), date("dueOn")),
      entity("customer", "customers", text("name"), text("email"), count("balanceCents")),
      entity("subscription", "subscriptions", text("plan"), oneOf("interval", "month", "year"), date("renewsAt"), flag("cancelled")),
      entity("payment", "payments", text("method"), count("amountCents"), date("paidAt")),
    ],
  },
  {
    key: "crm",
    title: "customer relationship manager",
    host: "api.crm.example.com",
    entities: [
      entity("contact", "contacts", text("fullName"), text("company"), text("email"), date("lastContacted")),
      entity("deal", "deals", text("title"), count("valueCents"), oneOf("stage", "lead", "qualified", "won", "lost")),
      entity("account", "accounts", text("name"), text("industry"), count("employees")),
      entity("note", "notes", text("author"), text("body"), date("createdAt")),
    ],
  },
  {
    key: "metrics",
    title: "metrics store",
    host: "api.metrics.example.com",
    entities: [
      entity("dashboard", "dashboards", text("title"), count("panels"), text("owner")),
      entity("series", "series", text("metric"), count("points"), oneOf("unit", "ms", "bytes", "percent", "count")),
      entity("monitor", "monitors", text("name"), oneOf("state", "ok", "warn", "alert"), count("threshold")),
      entity("annotation", "annotations", text("text"), date("at"), text("source")),
    ],
  },
  {
    key: "docs",
    title: "documentation portal",
    host: "api.docs.example.com",
    entities: [
      entity("page", "pages", text("title"), text("slug"), count("revision"), date("updatedAt")),
      entity("space", "spaces", text("key"), text("name"), count("pageCount")),
      entity("attachment", "attachments", text("fileName"), count("sizeBytes"), text("mediaType")),
      entity("revision", "revisions", text("author"), count("number"), date("createdAt")),
    ],
  },
  {
    key: "deploy",
    title: "deployment pipeline",
    host: "api.deploy.example.com",
    entities: [
      entity("release", "releases", text("version"), oneOf("channel", "stable", "beta", "canary"), date("publishedAt")),
      entity("environment", "environments", text("name"), text("region"), flag("locked")),
      entity("build", "builds", text("commit"), oneOf("result", "passed", "failed", "running"), count("durationSec")),
      entity("artifact", "artifacts", text("name"), count("sizeBytes"), text("checksum")),
    ],
  },
  {
    key: "library",
    title: "library catalogue",
    host: "api.library.example.com",
    entities: [
      entity("book", "books", text("title"), text("author"), count("year"), flag("available")),
      entity("loan", "loans", text("member"), date("dueOn"), flag("returned")),
      entity("member", "members", text("name"), count("activeLoans"), oneOf("tier", "basic", "plus")),
      entity("branch", "branches", text("name"), text("address"), count("shelves")),
    ],
  },
  {
    key: "fleet",
    title: "vehicle fleet tracker",
    host: "api.fleet.example.com",
    entities: [
      entity("vehicle", "vehicles", text("plate"), text("model"), count("odometerKm"), oneOf("state", "parked", "moving", "service")),
      entity("driver", "drivers", text("name"), text("licence"), count("trips")),
      entity("trip", "trips", text("origin"), text("destination"), count("distanceKm"), date("startedAt")),
      entity("inspection", "inspections", text("inspector"), flag("passed"), date("doneOn")),
    ],
  },
  {
    key: "recipes",
    title: "recipe box",
    host: "api.recipes.example.com",
    entities: [
      entity("recipe", "recipes", text("title"), count("servings"), count("minutes"), oneOf("course", "starter", "main", "dessert")),
      entity("ingredient", "ingredients", text("name"), text("unit"), count("calories")),
      entity("menu", "menus", text("title"), date("servedOn"), count("guests")),
      entity("review", "reviews", text("reviewer"), count("stars"), text("comment")),
    ],
  },
  {
    key: "hr",
    title: "people directory",
    host: "api.people.example.com",
    entities: [
      entity("employee", "employees", text("name"), text("team"), oneOf("location", "remote", "office", "hybrid"), date("startedOn")),
      entity("team", "teams", text("name"), text("lead"), count("headcount")),
      entity("leave", "leaves", text("employee"), date("from"), date("until"), oneOf("kind", "vacation", "sick", "parental")),
      entity("position", "positions", text("title"), count("openings"), flag("remote")),
    ],
  },
  {
    key: "support",
    title: "help desk",
    host: "api.support.example.com",
    entities: [
      entity("request", "requests", text("subject"), oneOf("priority", "low", "normal", "high", "urgent"), date("openedAt")),
      entity("macro", "macros", text("title"), count("uses"), flag("shared")),
      entity("agent", "agents", text("name"), count("openCases"), oneOf("status", "online", "away", "offline")),
      entity("article", "articles", text("title"), count("views"), date("publishedAt")),
    ],
  },
];

/** Words that name the parts of a package; each package draws its own so packages do not read alike. */
export interface Vocabulary {
  client: string;
  clientClass: string;
  cacheClass: string;
  logger: string;
  config: string;
  format: string;
  resolvePath: string;
  checkId: string;
  runGit: string;
  queryRows: string;
  result: string;
  errorClass: string;
  page: string;
}

export function drawVocabulary(random: Random): Vocabulary {
  return {
    client: random.pick(["api", "upstream", "remote", "backend", "service"]),
    clientClass: random.pick(["ApiClient", "RestClient", "HttpJsonClient", "UpstreamClient"]),
    cacheClass: random.pick(["TtlCache", "ExpiringCache", "MemoryCache", "LruCache"]),
    logger: random.pick(["log", "logger", "trace"]),
    config: random.pick(["config", "settings", "options", "env"]),
    format: random.pick(["format", "render", "describe", "summarize"]),
    resolvePath: random.pick(["resolveInside", "resolveInWorkspace", "containedPath", "safeResolve"]),
    checkId: random.pick(["normalizeId", "assertId", "checkedId", "cleanId"]),
    runGit: random.pick(["runGit", "gitOutput", "git", "execGit"]),
    queryRows: random.pick(["queryRows", "selectRows", "fetchRows", "runSelect"]),
    result: random.pick(["textResult", "asText", "reply", "ok"]),
    errorClass: random.pick(["UpstreamError", "ApiError", "RemoteServiceError", "BackendError"]),
    page: random.pick(["paginate", "pageOf", "slicePage", "takePage"]),
  };
}

export const QUALIFIERS = ["core", "sync", "admin", "insights", "bridge", "lite", "ops", "archive", "reports", "hub", "desk", "agent", "tools", "assist", "connect", "studio"] as const;
