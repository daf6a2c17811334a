/** How a view shows a document: its id as a string, then its name (the answers' `named` fields). */
export function idAndName(doc: { _id: unknown; name: string }): { id: string; name: string } {
  return { id: String(doc._id), name: doc.name };
}
