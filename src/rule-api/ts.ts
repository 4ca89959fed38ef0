import { ts as compiler } from "ts-morph";

// Bound once: in the bundle each `ts.x` read through ts-morph's module object is a getter call.
export import ts = compiler;
