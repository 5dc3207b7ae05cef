import { Type } from '@sinclair/typebox';

/** A string or null (optional dates, updaters, reasons). */
export const NullableStr = Type.Union([Type.String(), Type.Null()]);
