import type { ReactNode } from "react";

// A scrollable table with a header row; the last column holds row actions and is named for screen readers.
export function DataTable({ label, columns, children }: { label?: string; columns: string[]; children: ReactNode }) {
  return (
    // `relative` keeps the screen-reader-only header inside the scroll box instead of widening the page.
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm" aria-label={label}>
        <thead className="bg-slate-50 text-xs uppercase text-slate-500">
          <tr>
            {columns.map((column) => (
              <th key={column} className="px-3 py-2">
                {column}
              </th>
            ))}
            <th className="px-3 py-2">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
