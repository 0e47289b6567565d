// Inngest's trigger, concurrency-key and cancellation expressions are CEL.
import { evaluate } from "@marcbachmann/cel-js";

export function evaluateExpression(expression: string, context: Record<string, unknown>): unknown {
  return evaluate(expression, context);
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
