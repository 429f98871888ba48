// Expand an iCalendar feed the way Thunderbird does, with ical.js, and print its dates.
//
//   node expand.js FROM TO < feed.ics
//
// FROM and TO are instants (ISO 8601, e.g. 2026-12-01T23:00:00Z). Prints a JSON list of
// [summary, start, end] with start and end as "YYYY-MM-DD HH:MM" in Europe/Prague wall-clock
// time, for every date that starts in [FROM, TO) and is not cancelled. RRULE, RDATE and EXDATE
// are expanded by ICAL.Event's iterator; a VEVENT with a RECURRENCE-ID replaces the date it
// names (relateException / getOccurrenceDetails). Times are read through the feed's own
// VTIMEZONE, registered with ICAL.TimezoneService as Thunderbird does with a calendar's zones;
// the resulting instant is shown in Prague time by node's Intl (the system's tz database).

import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const [from, to] = process.argv.slice(2).map((text) => Date.parse(text) / 1000);
if (Number.isNaN(from) || Number.isNaN(to)) {
  console.error("usage: node expand.js FROM TO < feed.ics  (FROM, TO: ISO 8601 instants)");
  process.exit(2);
}
// An override may move a date by up to 14 days, into the window from outside it or out of it.
const LOOK_PAST = 31 * 86400;
const MAX_DATES = 100000;

const calendar = new ICAL.Component(ICAL.parse(readFileSync(0, "utf8")));
for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(vtimezone);
}

const parts = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Prague", hourCycle: "h23",
  year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
});

function inPrague(time) {
  const tzid = time.zone && time.zone.tzid;
  if (!time.isDate && tzid !== "UTC" && !ICAL.TimezoneService.has(tzid)) {
    throw new Error(`time ${time} is in a zone the feed does not describe: ${tzid}`);
  }
  const get = Object.fromEntries(
    parts.formatToParts(new Date(time.toUnixTime() * 1000)).map((part) => [part.type, part.value]),
  );
  return `${get.year}-${get.month}-${get.day} ${get.hour}:${get.minute}`;
}

function cancelled(event) {
  return String(event.component.getFirstPropertyValue("status") || "").toUpperCase() === "CANCELLED";
}

const masters = new Map();
const exceptions = new Map();
for (const component of calendar.getAllSubcomponents("vevent")) {
  const uid = component.getFirstPropertyValue("uid");
  if (component.hasProperty("recurrence-id")) {
    if (!exceptions.has(uid)) exceptions.set(uid, []);
    exceptions.get(uid).push(component);
  } else {
    masters.set(uid, component);
  }
}

const dates = [];
function keep(event, start, end) {
  const at = start.toUnixTime();
  if (!cancelled(event) && at >= from && at < to) {
    dates.push([event.summary, inPrague(start), inPrague(end)]);
  }
}

for (const [uid, component] of masters) {
  const event = new ICAL.Event(component, { strictExceptions: true, exceptions: exceptions.get(uid) || [] });
  if (!event.isRecurring()) {
    // A one-off date is shown as it stands: DTEND, or DTSTART + DURATION.
    keep(event, event.startDate, event.endDate);
    continue;
  }
  const iterator = event.iterator();
  for (let count = 0, next = iterator.next(); next; next = iterator.next(), count++) {
    if (count > MAX_DATES) throw new Error(`${uid}: more than ${MAX_DATES} dates`);
    if (next.toUnixTime() >= to + LOOK_PAST) break;
    const details = event.getOccurrenceDetails(next);
    keep(details.item, details.startDate, details.endDate);
  }
}
// An override whose series is not in the feed (e.g. a date moved to another venue's feed)
// is shown by Thunderbird as an event of its own.
for (const [uid, components] of exceptions) {
  if (masters.has(uid)) continue;
  for (const component of components) {
    const event = new ICAL.Event(component);
    keep(event, event.startDate, event.endDate);
  }
}

dates.sort();
process.stdout.write(JSON.stringify(dates));
