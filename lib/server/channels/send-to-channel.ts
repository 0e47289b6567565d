// One attempt to send a composed message: a POST for Slack, Discord and outgoing webhooks (the latter signed
// with Standard Webhooks: webhook-id is the delivery's id, so a receiver can drop a retried copy), or an
// email through the operator's SMTP server. A refusal that another try cannot change is marked final.
import nodemailer from "nodemailer";
import { Webhook } from "standardwebhooks";
import { env } from "@/lib/server/env";
import { OutgoingUrlRefusedError, postOutgoing } from "@/lib/server/net/outgoing-post";
import type { ChannelKindName } from "@/lib/shared/validations/channel";
import type { ComposedMessage } from "./compose-message";

export class ChannelSendError extends Error {
  override name = "ChannelSendError";
  constructor(
    message: string,
    // Another try could succeed (the target was down, slow or busy).
    readonly retryable: boolean,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

export type ChannelTarget = { kind: ChannelKindName; target: string; signingSecret: string | null };

export async function sendToChannel(channel: ChannelTarget, message: ComposedMessage, delivery: { id: string; at: Date }): Promise<{ status: number | null }> {
  if (message.kind === "email") return sendEmail(channel.target, message);
  const headers = channel.kind === "webhook" && channel.signingSecret ? signatureHeaders(channel.signingSecret, delivery, message.body) : {};
  let answer;
  try {
    answer = await postOutgoing(channel.target, message.body, headers, { allowLocal: env().BERTH_ALLOW_LOCAL_CHANNELS });
  } catch (error) {
    if (error instanceof OutgoingUrlRefusedError) throw new ChannelSendError(`The channel's URL ${error.message}`, false);
    throw new ChannelSendError(`No answer: ${error instanceof Error ? error.message : String(error)}`, true);
  }
  if (answer.status >= 200 && answer.status < 300) return { status: answer.status };
  const detail = answer.body.replace(/\s+/g, " ").trim().slice(0, 200);
  // Timeouts, rate limits and server errors pass; a removed or refused hook (404, 410, 403, …) does not.
  const retryable = answer.status === 408 || answer.status === 429 || answer.status >= 500;
  throw new ChannelSendError(`Answered ${answer.status}${detail ? `: ${detail}` : ""}`, retryable, answer.status);
}

export function signatureHeaders(secret: string, delivery: { id: string; at: Date }, body: string): Record<string, string> {
  const signature = new Webhook(secret).sign(delivery.id, delivery.at, body);
  return { "webhook-id": delivery.id, "webhook-timestamp": String(Math.floor(delivery.at.getTime() / 1000)), "webhook-signature": signature };
}

async function sendEmail(address: string, message: Extract<ComposedMessage, { kind: "email" }>): Promise<{ status: null }> {
  const { BERTH_SMTP_URL: smtpUrl, BERTH_SMTP_FROM: from } = env();
  if (!smtpUrl || !from) throw new ChannelSendError("Email is not set up on this Berth: the operator sets BERTH_SMTP_URL and BERTH_SMTP_FROM", false);
  const transport = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
  try {
    await transport.sendMail({ from, to: address, subject: message.subject, text: message.text });
    return { status: null };
  } catch (error) {
    const code = (error as { responseCode?: number }).responseCode;
    // 5xx is the server's final word on this message (no such mailbox, refused); 4xx and network errors pass.
    throw new ChannelSendError(`The mail server said: ${error instanceof Error ? error.message : String(error)}`, !(code && code >= 500), code ?? null);
  } finally {
    transport.close();
  }
}
