// Passkey ceremonies for static server-rendered forms: fetch options from the server, ask the browser's
// authenticator, and submit the resulting credential with the form (adapted from the ASP.NET Core template).
const supported =
    typeof navigator.credentials !== 'undefined' &&
    typeof window.PublicKeyCredential !== 'undefined' &&
    typeof window.PublicKeyCredential.parseCreationOptionsFromJSON === 'function' &&
    typeof window.PublicKeyCredential.parseRequestOptionsFromJSON === 'function';

async function post(url, headers, signal) {
    const response = await fetch(url, { method: 'POST', credentials: 'include', headers, signal });
    if (!response.ok) {
        throw new Error(`server ${response.status}`);
    }
    return response.json();
}

customElements.define('passkey-submit', class extends HTMLElement {
    static formAssociated = true;

    connectedCallback() {
        this.internals = this.attachInternals();
        this.attrs = {
            operation: this.getAttribute('operation'),
            name: this.getAttribute('name'),
            loginName: this.getAttribute('login-name'),
            tokenName: this.getAttribute('request-token-name'),
            tokenValue: this.getAttribute('request-token-value'),
            unsupported: this.getAttribute('unsupported-message'),
            cancelled: this.getAttribute('cancelled-message'),
        };
        this.internals.form.addEventListener('submit', (event) => {
            if (event.submitter?.name === '__passkeySubmit') {
                event.preventDefault();
                this.submitCredential();
            }
        });
    }

    disconnectedCallback() {
        this.abortController?.abort();
    }

    async obtainCredential(signal) {
        if (!supported) {
            throw new Error(this.attrs.unsupported);
        }
        const headers = { [this.attrs.tokenName]: this.attrs.tokenValue };
        if (this.attrs.operation === 'Create') {
            const options = await post('/account/passkey/creation-options', headers, signal);
            return navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options), signal });
        }
        const login = this.attrs.loginName ? (new FormData(this.internals.form).get(this.attrs.loginName) ?? '') : '';
        const options = await post(`/account/passkey/request-options?login=${encodeURIComponent(login)}`, headers, signal);
        return navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options), signal });
    }

    async submitCredential() {
        this.abortController?.abort();
        this.abortController = new AbortController();
        const formData = new FormData();
        try {
            const credential = await this.obtainCredential(this.abortController.signal);
            formData.append(`${this.attrs.name}.CredentialJson`, JSON.stringify(credential));
        } catch (error) {
            if (error.name === 'AbortError') {
                return;
            }
            formData.append(`${this.attrs.name}.Error`, error.name === 'NotAllowedError' ? this.attrs.cancelled : error.message);
        }
        this.internals.setFormValue(formData);
        this.internals.form.submit();
    }
});
