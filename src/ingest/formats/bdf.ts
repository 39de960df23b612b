import type { FormatReader } from '../contract.js';
import { makeTextReader } from '../text/delimited.js';

const REQUIRED = ['Test Time / s', 'Voltage / V', 'Current / A'];

/**
 * Battery Data Format (BDF 1.3) CSV, as `cyclekit convert --to bdf` writes it and as other
 * converters do: `Quantity / unit` headers. Dimensionless counts are labelled `/ 1`, which
 * is not a unit, so their full labels are the aliases. Step Count (a counter that never
 * repeats) splits the steps; Step Type gives their kind. When the per-step capacity family
 * is present it is preferred and the counter is known to reset every step; otherwise the
 * cumulative family never resets.
 */
const text = makeTextReader({
  id: 'bdf',
  title: 'Battery Data Format (BDF) CSV',
  sniff(probe) {
    const first = (probe.text.split(/\r?\n/, 1)[0] ?? '').split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
    if (!REQUIRED.every((r) => first.includes(r))) return null;
    return { confidence: 0.96, reason: `header has the BDF columns ${REQUIRED.join(', ')}` };
  },
  aliases: {
    time: ['Test Time'],
    datetime: ['Unix Time'],
    cycle: ['Cycle Count / 1', 'Cycle Count'],
    step: ['Step Count / 1', 'Step Count'],
    state: ['Step Type'],
    chargeCapacity: ['Step Charging Capacity', 'Charging Capacity'],
    dischargeCapacity: ['Step Discharging Capacity', 'Discharging Capacity'],
    chargeEnergy: ['Step Charging Energy', 'Charging Energy'],
    dischargeEnergy: ['Step Discharging Energy', 'Discharging Energy'],
    temperature: ['Ambient Temperature', 'Surface Temperature'],
  },
  capacityCounter: null,
});

export const bdf: FormatReader = {
  ...text,
  async open(path, displayName, probe, options) {
    const stream = await text.open(path, displayName, probe, options);
    const capacity = stream.header.columns.find((c) => c.field === 'capacityAh (charge)' || c.field === 'capacityAh (discharge)');
    if (capacity) stream.header.capacityCounter = /^step /i.test(capacity.source) ? 'step' : 'test';
    return stream;
  },
};
