import { api, errorMessage } from './api';
import type { CustomerDetailAnswer } from './api-types.generated';

// The pages that edit part of a customer (its profile, a contact, a deal) load it the same way; a page that
// cannot shows why instead of its form.

interface CustomerPage {
  setData(change: Record<string, unknown>): void;
}

/** The customer's detail, or null once the page shows why it could not be loaded. */
export async function loadCustomer(page: CustomerPage, id: string): Promise<CustomerDetailAnswer | null> {
  try {
    return await api<CustomerDetailAnswer>('GET', `/api/customers/${id}`);
  } catch (error) {
    page.setData({ loading: false, error: errorMessage(error) });
    return null;
  }
}

/**
 * A page about a contact or a deal of a customer, opened with ?customerId=…&id=… (no id: a new one): both
 * ids go into the page's data (the part's as `idField`), then the customer is loaded.
 */
export function loadCustomerPart(
  page: CustomerPage,
  query: Record<string, string | undefined>,
  idField: 'contactId' | 'dealId',
): Promise<CustomerDetailAnswer | null> {
  const customerId = query.customerId ?? '';
  page.setData({ customerId, [idField]: query.id ?? '' });
  return loadCustomer(page, customerId);
}
