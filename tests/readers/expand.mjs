// Mozilla ical.js's reading of iCalendar files: every event occurrence that starts in a range.
//
// Reads {"start": <unix seconds>, "end": <unix seconds>, "files": [<path>, ...]} as JSON on
// stdin and prints {<path>: [[<uid>, <start>, <end>], ...]} as JSON on stdout, instants in UTC
// unix seconds, the days of an all-day event as "YYYY-MM-DD" (an all-day event is kept when
// its day's midnight in UTC is in the range). A file ical.js cannot read gives {"error": <message>} instead of a list.
// One process reads many files, so that the test suite starts Node once per batch.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const MAX_STEPS = 100000; // an expansion stops here, whatever the file says

function occurrences(text, start, end) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  ICAL.TimezoneService.reset();
  for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(vtimezone);
  }
  const vevents = calendar.getAllSubcomponents("vevent");
  const overrides = new Map();
  for (const vevent of vevents) {
    if (vevent.hasProperty("recurrence-id")) {
      const uid = vevent.getFirstPropertyValue("uid");
      if (!overrides.has(uid)) overrides.set(uid, []);
      overrides.get(uid).push(vevent);
    }
  }
  const found = [];
  const keep = (uid, item, first, last) => {
    const status = item.component.getFirstPropertyValue("status");
    if (status && String(status).toUpperCase() === "CANCELLED") return;
    const begin = first.toUnixTime();
    if (begin < start || begin >= end) return;
    const written = (time) => (time.isDate ? time.toString() : time.toUnixTime());
    found.push([uid, written(first), written(last)]);
  };
  for (const vevent of vevents) {
    if (vevent.hasProperty("recurrence-id")) continue;
    const uid = vevent.getFirstPropertyValue("uid");
    const event = new ICAL.Event(vevent, {
      strictExceptions: true,
      exceptions: overrides.get(uid) || [],
    });
    if (!event.isRecurring()) {
      keep(uid, event, event.startDate, event.endDate);
      continue;
    }
    const iterator = event.iterator();
    for (let step = 0; step < MAX_STEPS; step++) {
      const next = iterator.next();
      if (!next || next.toUnixTime() >= end) break;
      const details = event.getOccurrenceDetails(next);
      keep(uid, details.item, details.startDate, details.endDate);
    }
  }
  return found;
}

const request = JSON.parse(readFileSync(0, "utf8"));
const answer = {};
for (const path of request.files) {
  try {
    answer[path] = occurrences(readFileSync(path, "utf8"), request.start, request.end);
  } catch (error) {
    answer[path] = { error: String(error && error.message ? error.message : error) };
  }
}
process.stdout.write(JSON.stringify(answer));
