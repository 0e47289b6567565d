// channel/message-queued → the message sent to its Slack, Discord, email or webhook channel, tried again
// with the executor's back-off while the target fails in a way that may pass; then marked failed. The
// deployment that caused it never waits for it.
import { deliverChannelMessage, giveUpDelivery } from "@/lib/server/channels/deliver-channel-message";
import { channelMessageQueued } from "@/lib/server/outbox/events";
import { inngest } from "./client";

export const sendChannelMessage = inngest.createFunction(
  {
    id: "send-channel-message",
    name: "Send a notification to a channel",
    triggers: [channelMessageQueued],
    retries: 5,
    onFailure: async ({ event, error }) => {
      const { deliveryId } = channelMessageQueued.schema.parse(event.data.event.data);
      return giveUpDelivery(deliveryId, error.message);
    },
  },
  async ({ event, step }) => step.run("send", () => deliverChannelMessage(event.data.deliveryId)),
);
