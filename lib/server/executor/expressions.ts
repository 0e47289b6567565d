// Inngest's trigger, concurrency-key and cancellation expressions are CEL.
import { parse } from "@marcbachmann/cel-js";

// Parsed once each: a burst of events evaluates the same few expressions hundreds of times. The expressions come
// from the app's own function definitions, so there are only a handful.
const parsed = new Map<string, ReturnType<typeof parse>>();

export function evaluateExpression(expression: string, context: Record<string, unknown>): unknown {
  let evaluate = parsed.get(expression);
  if (!evaluate) {
    evaluate = parse(expression);
    parsed.set(expression, evaluate);
  }
  return evaluate(context);
}

export function expressionHolds(expression: string | undefined, context: Record<string, unknown>): boolean {
  if (!expression) return true;
  try {
    return evaluateExpression(expression, context) === true;
  } catch {
    // A field missing from this event makes the expression false, as on an Inngest server.
    return false;
  }
}
