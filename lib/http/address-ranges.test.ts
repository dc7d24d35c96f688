import assert from "node:assert/strict";
import { BlockList, isIP } from "node:net";
import { describe, it } from "node:test";
import { hostRefusal, isRefusedIp, parseAllowList, parseIp, REFUSED_RANGES } from "./address-ranges";

const none = { allow: parseAllowList(""), loopbackAllowed: false };

describe("address-ranges: one classification for save time and request time", () => {
  it("agrees with Node's BlockList on the refused ranges (the request-time implementation it replaced)", () => {
    const oracle = new BlockList();
    for (const cidr of REFUSED_RANGES) {
      const [address, prefix] = cidr.split("/");
      oracle.addSubnet(address, Number(prefix), isIP(address) === 4 ? "ipv4" : "ipv6");
    }
    const samples = [
      "0.0.0.0",
      "1.1.1.1",
      "8.8.8.8",
      "9.255.255.255",
      "10.0.0.5",
      "11.0.0.1",
      "100.63.255.255",
      "100.64.0.1",
      "100.100.100.200",
      "100.128.0.0",
      "127.0.0.1",
      "127.255.255.254",
      "169.254.169.254",
      "169.255.0.1",
      "172.15.255.255",
      "172.16.0.1",
      "172.31.255.255",
      "172.32.0.0",
      "192.0.0.8",
      "192.0.2.1",
      "192.168.1.10",
      "198.18.0.1",
      "198.20.0.1",
      "198.51.100.7",
      "203.0.113.9",
      "224.0.0.1",
      "239.1.2.3",
      "240.0.0.1",
      "255.255.255.255",
      "93.184.216.34",
      "::",
      "::1",
      "::2",
      "fe80::1",
      "febf::1",
      "fec0::1",
      "fc00::1",
      "fd00::1",
      "ff02::1",
      "64:ff9b::a9fe:a9fe",
      "64:ff9b:1::1",
      "2002:a9fe:a9fe::1",
      "2001::1",
      "2001:db8::1",
      "2606:4700:4700::1111",
      "::a9fe:a9fe",
      "2a00:1450:4001:80b::200e",
    ];
    for (const address of samples) {
      const family = isIP(address) === 4 ? "ipv4" : "ipv6";
      assert.equal(isRefusedIp(parseIp(address)!), oracle.check(address, family), address);
    }
  });

  it("IPv4-mapped IPv6 is judged as the IPv4 address it carries", () => {
    assert.equal(isRefusedIp(parseIp("::ffff:169.254.169.254")!), true);
    assert.equal(isRefusedIp(parseIp("::ffff:a9fe:a9fe")!), true);
    assert.equal(isRefusedIp(parseIp("::ffff:8.8.8.8")!), false);
  });

  it("save time refuses every internal literal as the URL parser spells it, and metadata host names", () => {
    const internal = [
      "https://169.254.169.254",
      "https://10.0.0.5",
      "https://0xa9fea9fe",
      "https://[::ffff:a9fe:a9fe]",
      "https://2852039166",
      "https://0251.0376.0251.0376",
      "https://169.254.43518",
      "https://0xa9.0xfe.0xa9.0xfe",
      "https://[::ffff:169.254.169.254]",
      "https://[0:0:0:0:0:ffff:a9fe:a9fe]",
      "https://[fd00::1]",
      "https://[::1]",
      "https://127.1",
      "https://0",
      "https://localhost",
      "https://api.localhost",
      "https://169.254.169.254.",
      "https://metadata.google.internal",
      "https://METADATA.GOOGLE.INTERNAL.",
      "https://metadata.goog",
      "https://[64:ff9b::a9fe:a9fe]",
      "https://[::a9fe:a9fe]",
      "https://100.100.100.200",
    ];
    for (const url of internal) assert.ok(hostRefusal(new URL(url).hostname, none), url);
    for (const url of ["https://idp.example.com", "https://8.8.8.8", "https://[2606:4700:4700::1111]"])
      assert.equal(hostRefusal(new URL(url).hostname, none), null, url);
  });

  it("what the operator allowed stays allowed; loopback only where the request-time policy allows it", () => {
    const allowed = {
      allow: parseAllowList("10.20.0.0/16, idp.corp.internal 127.0.0.1 metadata.google.internal"),
      loopbackAllowed: false,
    };
    assert.equal(hostRefusal("10.20.3.4", allowed), null);
    assert.ok(hostRefusal("10.21.3.4", allowed));
    assert.equal(hostRefusal("127.0.0.1", allowed), null);
    assert.ok(hostRefusal("127.0.0.2", allowed));
    assert.equal(hostRefusal("metadata.google.internal", allowed), null);
    assert.equal(hostRefusal("[::1]", { allow: parseAllowList(""), loopbackAllowed: true }), null);
    assert.equal(hostRefusal("localhost", { allow: parseAllowList(""), loopbackAllowed: true }), null);
    assert.ok(hostRefusal("10.0.0.5", { allow: parseAllowList(""), loopbackAllowed: true }), "private stays refused");
  });
});
