// next-auth's request handler, the same function whoever loads this module. next-auth v4 is CommonJS with an ES
// `default` export: Next's bundler hands a default import the function, Node's own ES-module loader (in-process
// tests such as the fuzzer) hands it the exports object. Taking it from the namespace works under both.
import type NextAuthDefault from "next-auth";
import * as nextAuth from "next-auth";

type Handler = typeof NextAuthDefault;
const exported = (nextAuth as unknown as { default: Handler | { default: Handler } }).default;

export const NextAuth: Handler = typeof exported === "function" ? exported : exported.default;
