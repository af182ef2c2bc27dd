package io.leadbridge.reliability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadbridge.support.Leads;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A corpus of bad (and oddly good) inputs, by kind; each a fresh lead where one is needed. */
final class HostileInput {

    private HostileInput() {
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static ObjectNode lead() {
        return Leads.routedTo("AMR");
    }

    static Map<String, byte[]> corpus() {
        Map<String, byte[]> c = new LinkedHashMap<>();
        String good = lead().toString();
        c.put("empty", new byte[0]);
        c.put("blank", utf8(" \t \r\n "));
        c.put("not json", utf8("eventId=1;version=2"));
        c.put("truncated", utf8(good.substring(0, good.length() - 40)));
        c.put("deeply nested", utf8("[".repeat(5000) + "]".repeat(5000)));
        c.put("nested object 2000 deep", utf8("{\"a\":".repeat(2000) + "1" + "}".repeat(2000)));
        c.put("huge string", utf8(good.replace("\"description\":", "\"x\":\"" + "长".repeat(200_000) + "\",\"description\":")));
        c.put("huge array", utf8("[" + "1,".repeat(200_000) + "1]"));
        c.put("wrong types", utf8(lead().put("version", "abc").toString()));
        ObjectNode nulls = lead();
        nulls.putNull("eventId").putNull("version").putNull("grid").putNull("subject");
        c.put("nulls", utf8(nulls.toString()));
        c.put("duplicate keys", utf8(good.replaceFirst("\\{", "{\"eventId\":\"DUP-KEY-0001\",")));
        c.put("number as string", utf8(lead().put("version", "1").toString()));
        c.put("GBK bytes", good.replace("}", ",\"note\":\"网吧黑作坊\"}").getBytes(Charset.forName("GBK")));
        c.put("UTF-16 with BOM", good.getBytes(StandardCharsets.UTF_16));
        c.put("UTF-16LE without BOM", good.getBytes(StandardCharsets.UTF_16LE));
        c.put("overlong UTF-8", concat(utf8("{\"eventId\":\""), new byte[]{(byte) 0xC0, (byte) 0xAF}, utf8("\"}")));
        c.put("raw NUL in a string", utf8(good.replace("\"description\":\"", "\"description\":\"\u0000")));
        c.put("raw NUL outside", utf8(good + "\u0000"));
        c.put("raw control char in a string", utf8(good.replace("\"description\":\"", "\"description\":\"\u0001")));
        c.put("JSON array", utf8("[" + good + "]"));
        c.put("JSON string", utf8("\"a lead\""));
        c.put("JSON number", utf8("42"));
        c.put("JSON null", utf8("null"));
        c.put("trailing comma", utf8(good.substring(0, good.length() - 1) + ",}"));
        c.put("single quotes", utf8(good.replace('"', '\'')));
        c.put("comments", utf8("/* a lead */" + good));
        c.put("NaN", utf8(good.replaceFirst("\"version\":\\s*\\d+", "\"version\":NaN")));
        c.put("huge number", utf8(good.replaceFirst("\"version\":\\s*\\d+", "\"version\":1" + "0".repeat(5000))));
        c.put("negative version", utf8(lead().put("version", -3).toString()));
        c.put("eventId with ../", utf8(lead().put("eventId", "../../etc/passwd").toString()));
        c.put("town not a town", utf8(good.replace("\"townCode\":\"", "\"townCode\":\"9")));
        c.put("trailing garbage", utf8(good + "garbage"));
        c.put("two objects", utf8(good + good));
        // Odd but valid: taken in as leads.
        c.put("valid: UTF-8 BOM", concat(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(lead().toString())));
        c.put("valid: CRLF pretty-printed", utf8(lead().toPrettyString().replace("\n", "\r\n")));
        c.put("valid: emoji and RTL marks", utf8(lead().put("description", "黑网吧 😀 \u202Eevil\u202C \u200F").toString()));
        c.put("valid: formula in the shop sign", utf8(withName("=cmd|' /C calc'!A0").toString()));
        c.put("valid: escaped NUL and lone surrogate", utf8(lead().toString().replace("\"description\":\"", "\"description\":\"\\u0000\\ud800")));
        return c;
    }

    static ObjectNode withName(String name) {
        ObjectNode lead = lead();
        ((ObjectNode) lead.get("subject")).put("name", name);
        return lead;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
