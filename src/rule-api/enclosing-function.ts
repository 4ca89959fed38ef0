export { enclosingFunction, type FunctionLike } from "../engine/ast/function-like.js";
