import { describe, expect, test } from "bun:test";
import { dayBound } from "../../src/ui/date-filter.ts";
import { formatTime, formatTimeZoned, utcOffset, zoneLabel } from "../../src/ui/time.tsx";

const SH = "Asia/Shanghai";
const at = Date.UTC(2026, 11, 5, 5, 4, 5); // 2026-12-05 13:04:05 in Shanghai

describe("formatTime", () => {
  test("writes the bridge's local time the way each language does", () => {
    expect(formatTime({ lang: "zh-CN", tz: SH }, at)).toBe("2026-12-05 13:04:05");
    expect(formatTime({ lang: "en", tz: SH }, at)).toBe("5 Dec 2026, 13:04:05");
    expect(formatTime({ lang: "zh-CN", tz: "UTC" }, at)).toBe("2026-12-05 05:04:05");
  });

  test("takes epoch ms, ISO text and Dates alike, and shows nothing for nothing", () => {
    const v = { lang: "zh-CN" as const, tz: SH };
    expect(formatTime(v, new Date(at).toISOString())).toBe("2026-12-05 13:04:05");
    expect(formatTime(v, new Date(at))).toBe("2026-12-05 13:04:05");
    expect(formatTime(v, "2026-12-05T13:04:05+08:00")).toBe("2026-12-05 13:04:05");
    expect([formatTime(v, null), formatTime(v, undefined), formatTime(v, "not a time")]).toEqual(["", "", ""]);
  });

  test("crosses the date line into the next local day", () => {
    expect(formatTime({ lang: "zh-CN", tz: SH }, Date.UTC(2026, 11, 31, 16, 30))).toBe("2027-01-01 00:30:00");
  });

  test("the phone pages' single time carries its offset", () => {
    expect(formatTimeZoned({ lang: "zh-CN", tz: SH }, at)).toBe("2026-12-05 13:04:05 (UTC+08:00)");
  });
});

describe("the zone label", () => {
  test("names the zone and its offset, summer time included", () => {
    expect(zoneLabel(SH, at)).toBe("Asia/Shanghai (UTC+08:00)");
    expect(utcOffset("UTC", at)).toBe("UTC+00:00");
    expect(utcOffset("America/New_York", Date.UTC(2026, 0, 15))).toBe("UTC-05:00");
    expect(utcOffset("America/New_York", Date.UTC(2026, 6, 15))).toBe("UTC-04:00");
    expect(utcOffset("Asia/Kolkata", at)).toBe("UTC+05:30");
  });
});

describe("dayBound", () => {
  test("a date means that whole day in the bridge's zone", () => {
    expect(dayBound("2026-12-05", false, SH)).toBe(Date.UTC(2026, 11, 4, 16));
    expect(dayBound("2026-12-05", true, SH)).toBe(Date.UTC(2026, 11, 5, 16) - 1);
    expect(dayBound("2026-12-05", false, "UTC")).toBe(Date.UTC(2026, 11, 5));
  });

  test("a day of a summer-time change is 23 or 25 hours long", () => {
    const ny = "America/New_York";
    const march8 = dayBound("2026-03-08", false, ny)!;
    expect(march8).toBe(Date.UTC(2026, 2, 8, 5));
    expect(dayBound("2026-03-08", true, ny)! + 1 - march8).toBe(23 * 3_600_000);
    const nov1 = dayBound("2026-11-01", false, ny)!;
    expect(dayBound("2026-11-01", true, ny)! + 1 - nov1).toBe(25 * 3_600_000);
  });

  test("empty is no filter; anything but a real date is refused", () => {
    expect(dayBound("", false, SH)).toBeUndefined();
    for (const bad of ["yesterday", "2026-02-30", "2026-13-01", "2026-1-5"]) expect(dayBound(bad, true, SH)).toBeNull();
  });
});
