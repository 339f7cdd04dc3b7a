/** Number formatting for powers and currents in the user's language. */

function numberFormat(language: string, digits: number): Intl.NumberFormat {
  try {
    return new Intl.NumberFormat(language, {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
  } catch {
    return new Intl.NumberFormat("en", {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
  }
}

/** 850 W, 7.2 kW, 12.4 kW: watts below 1 kW, else kW with one decimal. */
export function formatPower(watts: number | null | undefined, language: string): string {
  if (watts === null || watts === undefined || !Number.isFinite(watts)) {
    return "—";
  }
  if (Math.abs(watts) >= 1000) {
    return `${numberFormat(language, 1).format(watts / 1000)} kW`;
  }
  return `${numberFormat(language, 0).format(Math.round(watts))} W`;
}

/** A setpoint in its own unit: whole amps for chargers, W/kW for power setpoints. */
export function formatSetpoint(value: number, unit: string | null | undefined, language: string): string {
  if (unit === "W") {
    return formatPower(value, language);
  }
  if (unit === "kW") {
    return formatPower(value * 1000, language);
  }
  const digits = Number.isInteger(value) ? 0 : 1;
  return `${numberFormat(language, digits).format(value)}${unit ? ` ${unit}` : ""}`;
}

export function formatCurrent(amps: number, language: string): string {
  return `${numberFormat(language, amps >= 100 ? 0 : 1).format(amps)} A`;
}

/** Tick labels for an axis in kW (0, 2, 4 … kW). */
export function formatKw(watts: number, language: string): string {
  const kw = watts / 1000;
  return `${numberFormat(language, Number.isInteger(kw) ? 0 : 1).format(kw)} kW`;
}

/** A plain number with a fixed count of decimals, in the user's number format. */
export function formatNumber(value: number, language: string, digits = 0): string {
  return numberFormat(language, digits).format(value);
}

/** Energy in kWh: two decimals below 10 kWh, one above. */
export function formatEnergy(kwh: number, language: string): string {
  return `${numberFormat(language, Math.abs(kwh) < 10 ? 2 : 1).format(kwh)} kWh`;
}

/** A moment as date and time in the given time zone (the browser's if that one is unknown). */
export function formatDateTime(iso: string, language: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  const options: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" };
  for (const zone of [timeZone, undefined]) {
    try {
      return new Intl.DateTimeFormat(language, { ...options, timeZone: zone }).format(date);
    } catch {
      // an unknown zone or language: try the browser's
    }
  }
  return date.toISOString();
}
