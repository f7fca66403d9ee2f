import { LitElement } from 'lit';

/**
 * A form-associated Lit element: what `<input>` offers a form (validity, its messages, checks), read from its
 * `ElementInternals`, and the state a disabled `<fieldset>` gives it.
 */
export class FormAssociated extends LitElement {
  /** Form-associated: the form gets one `name=<hashed_id>` entry per succeeded upload. */
  static formAssociated = true;
  readonly #internals?: ElementInternals;
  #formDisabled = false;

  constructor() {
    super();
    this.#internals = typeof this.attachInternals === 'function' ? this.attachInternals() : undefined;
  }

  /** The element's tie to its form, where the browser offers one. @internal */
  protected get internals(): ElementInternals | undefined {
    return this.#internals;
  }

  /** Inside a disabled `<fieldset>`. @internal */
  protected get formDisabled(): boolean {
    return this.#formDisabled;
  }

  /** The form this element belongs to. */
  get form(): HTMLFormElement | null {
    return this.#internals?.form ?? null;
  }

  /** Form validity: `valueMissing` when `required` and nothing succeeded, `customError` while uploads run. */
  get validity(): ValidityState | undefined {
    return this.#internals?.validity;
  }

  /** The message a browser shows for the current validity. */
  get validationMessage(): string {
    return this.#internals?.validationMessage ?? '';
  }

  /** Whether the form validates this element (not when disabled). */
  get willValidate(): boolean {
    return this.#internals?.willValidate ?? false;
  }

  /** Same as `<input>.checkValidity()`. */
  checkValidity(): boolean {
    return this.#internals?.checkValidity() ?? true;
  }

  /** Same as `<input>.reportValidity()`. */
  reportValidity(): boolean {
    return this.#internals?.reportValidity() ?? true;
  }

  /** A disabled `<fieldset>` (or the element's own `disabled`) stops input. */
  formDisabledCallback(disabled: boolean): void {
    this.#formDisabled = disabled;
    this.requestUpdate();
  }
}
