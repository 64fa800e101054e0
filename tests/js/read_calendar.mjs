// Reads an iCalendar file as two calendar programs' libraries do, and prints what each understood.
//
//   node tests/js/read_calendar.mjs file.ics [more.ics ...]
//
// prints, one line per file, {"ical.js": [...], "node-ical": [...]}: for each VEVENT its UID and its
// DTSTART and DTEND, times as UTC ISO strings to the minute ("2019-10-15T07:30Z"), whole days as dates
// ("2019-10-15"). Without a DTEND the end is the one each library infers, as RFC 5545 says: the start
// for a time, the next day for a whole day. Several files in one run save Node's start-up time.
// ical.js (Mozilla's library: Thunderbird, Nextcloud) is given the file's VTIMEZONEs through its
// TimezoneService; node-ical reads TZID and VTIMEZONE itself. Run by tests/test_calendars.py.

import { readFileSync } from "node:fs";
import ICAL from "ical.js";
import nodeIcal from "node-ical";

const pad = (number) => String(number).padStart(2, "0");
const utcMinute = (date) => date.toISOString().slice(0, 16) + "Z";

function icalJsMoment(time, tzid) {
  // A TZID ical.js cannot resolve would leave a floating time, read in the computer's own zone.
  if (tzid && time.zone?.tzid !== tzid) throw new Error(`ical.js found no VTIMEZONE for ${tzid}`);
  if (time.isDate) return `${time.year}-${pad(time.month)}-${pad(time.day)}`;
  return utcMinute(time.toJSDate());
}

function readWithIcalJs(text) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  ICAL.TimezoneService.reset(); // each file brings its own definitions of the zones it names
  for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(vtimezone);
  }
  return calendar.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    const tzid = (name) => (vevent.getFirstProperty(name) ?? vevent.getFirstProperty("dtstart")).getParameter("tzid");
    return { uid: event.uid, start: icalJsMoment(event.startDate, tzid("dtstart")), end: icalJsMoment(event.endDate, tzid("dtend")) };
  });
}

function nodeIcalMoment(value) {
  // node-ical gives a whole day as local midnight of that day, flagged dateOnly.
  if (value.dateOnly) return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
  return utcMinute(value);
}

function readWithNodeIcal(text) {
  return Object.values(nodeIcal.sync.parseICS(text))
    .filter((component) => component.type === "VEVENT")
    .map((event) => ({ uid: event.uid, start: nodeIcalMoment(event.start), end: nodeIcalMoment(event.end) }));
}

for (const path of process.argv.slice(2)) {
  const text = readFileSync(path, "utf8");
  process.stdout.write(JSON.stringify({ "ical.js": readWithIcalJs(text), "node-ical": readWithNodeIcal(text) }) + "\n");
}
