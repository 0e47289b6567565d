// Group commit: writes that arrive while the database is busy with earlier ones go together, in one statement
// and one transaction, and each caller's promise settles only once that statement has committed. A write that
// arrives while a slot is free goes at once, so an idle server adds no waiting.
//
// When a batch's statement fails (a unique index refusing one of its rows, a lost connection), each of its
// writes is tried again alone, so one row's failure is that row's alone.

export interface GroupCommitOptions<In, Out> {
  // The writes of a batch in one statement; one result per input, in order.
  writeBatch: (inputs: In[]) => Promise<Out[]>;
  // One write alone: a batch of one, and each write of a batch that failed.
  writeOne: (input: In) => Promise<Out>;
  // Writes in one statement at most.
  maxBatch: number;
  // Statements in flight at once (each holds a pooled connection).
  maxInFlight: number;
  // Told each batch's size, for the metric.
  onBatch?: (size: number) => void;
}

interface Waiting<In, Out> {
  input: In;
  resolve: (output: Out) => void;
  reject: (error: unknown) => void;
}

export function groupCommit<In, Out>(options: GroupCommitOptions<In, Out>): (input: In) => Promise<Out> {
  const { writeBatch, writeOne, maxBatch, maxInFlight, onBatch } = options;
  const waiting: Waiting<In, Out>[] = [];
  let inFlight = 0;

  const alone = (item: Waiting<In, Out>) => writeOne(item.input).then(item.resolve, item.reject);

  async function write(batch: Waiting<In, Out>[]) {
    onBatch?.(batch.length);
    if (batch.length === 1) return alone(batch[0]!);
    let outputs: Out[];
    try {
      outputs = await writeBatch(batch.map((item) => item.input));
    } catch {
      await Promise.all(batch.map(alone));
      return;
    }
    batch.forEach((item, index) => item.resolve(outputs[index]!));
  }

  function flush() {
    while (waiting.length > 0 && inFlight < maxInFlight) {
      inFlight++;
      const batch = waiting.splice(0, maxBatch);
      write(batch)
        .finally(() => {
          inFlight--;
          flush();
        })
        // Only onBatch can throw here: every write's own failure already went to its caller.
        .catch((error: unknown) => batch.forEach((item) => item.reject(error)));
    }
  }

  return (input) =>
    new Promise<Out>((resolve, reject) => {
      waiting.push({ input, resolve, reject });
      flush();
    });
}
