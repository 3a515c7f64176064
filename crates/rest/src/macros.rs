//! Macros for the shapes every resource module repeats: builder setters, form
//! encoding, resource paths and the standard operations of a resource handle.

/// Builder setters for optional parameters, one line each, docs carried through:
/// `name(Type)` stores `Some(value)`, `name(into Type)` takes `impl Into<Type>`, and
/// `name(iter Type)` collects any iterator of `Type`, and `name(time)` takes a
/// [`Timestamp`](crate::time::Timestamp) sent as ISO 8601 UTC. The field has the setter's name.
macro_rules! setters {
    ($($(#[$doc:meta])* $name:ident($($spec:tt)+))*) => {
        $(setter!($(#[$doc])* $name($($spec)+));)*
    };
}

/// One setter of [`setters!`].
macro_rules! setter {
    ($(#[$doc:meta])* $name:ident(time)) => {
        $(#[$doc])*
        pub fn $name(mut self, value: $crate::time::Timestamp) -> Self {
            self.$name = Some($crate::time::WireTime(value));
            self
        }
    };
    ($(#[$doc:meta])* $name:ident(into $ty:ty)) => {
        $(#[$doc])*
        pub fn $name(mut self, value: impl Into<$ty>) -> Self {
            self.$name = Some(value.into());
            self
        }
    };
    ($(#[$doc:meta])* $name:ident(iter $ty:ty)) => {
        $(#[$doc])*
        pub fn $name(mut self, value: impl IntoIterator<Item = $ty>) -> Self {
            self.$name = Some(value.into_iter().collect());
            self
        }
    };
    ($(#[$doc:meta])* $name:ident($ty:ty)) => {
        $(#[$doc])*
        pub fn $name(mut self, value: $ty) -> Self {
            self.$name = Some(value);
            self
        }
    };
}

/// A resource path: `format!` with every argument (a SID, a name) percent-encoded as
/// one path segment.
macro_rules! path {
    ($fmt:literal $(, $arg:expr)* $(,)?) => {
        format!($fmt $(, $crate::form::segment($arg.as_str()))*)
    };
}

/// The operations of a resource handle, one line each, with their docs carried through
/// (and the `# Errors` section added to the async ones). The handle's path is
/// `self.path()`; the header names the domain and the handle's `Client`, e.g.
/// `TaskRouter, self.client;` or `Api, self.api.client;`.
///
/// * `fetch -> T;`, `update(Params) -> T;`, `delete;`: the resource itself.
/// * `name = kind "/Suffix" (Params) -> T;`: an operation on `self.path() + "/Suffix"`,
///   `kind` one of `fetch`, `query` (a `GET` with `Params` as its query), `create`,
///   `update`, `update_if_match` (`If-Match` from `Params::if_match`), `delete`,
///   `delete_if_match` (taking the `etag`), `list` (a [`Lister`](crate::page::Lister)
///   filtered by `Params`, or by nothing when `Params` is left out).
macro_rules! resource_ops {
    (@ops $domain:ident $client:tt) => {};
    (@ops $domain:ident $client:tt $(#[$doc:meta])* $name:ident = $kind:ident $suffix:literal
        $(($params:ty))? $(-> $out:ty)?; $($rest:tt)*) => {
        resource_op!($domain $client $(#[$doc])* $name $kind $suffix $(($params))? $(-> $out)?);
        resource_ops!(@ops $domain $client $($rest)*);
    };
    (@ops $domain:ident $client:tt $(#[$doc:meta])* $name:ident
        $(($params:ty))? $(-> $out:ty)?; $($rest:tt)*) => {
        resource_op!($domain $client $(#[$doc])* $name $name "" $(($params))? $(-> $out)?);
        resource_ops!(@ops $domain $client $($rest)*);
    };
    ($domain:ident, self $(.$field:ident)+; $($ops:tt)*) => {
        resource_ops!(@ops $domain [$($field).+] $($ops)*);
    };
}

/// One operation of [`resource_ops!`].
macro_rules! resource_op {
    ($domain:ident [$($client:ident).+] $(#[$doc:meta])* $name:ident fetch $suffix:literal
        -> $out:ty) => {
        $(#[$doc])*
        ///
        /// # Errors
        /// Any [`Error`](crate::Error) of the request.
        pub async fn $name(&self) -> Result<$out, $crate::Error> {
            self.$($client).+
                .fetch_at($crate::client::Domain::$domain, self.path() + $suffix)
                .await
        }
    };
    ($domain:ident [$($client:ident).+] $(#[$doc:meta])* $name:ident query $suffix:literal
        ($params:ty) -> $out:ty) => {
        $(#[$doc])*
        ///
        /// # Errors
        /// Any [`Error`](crate::Error) of the request.
        pub async fn $name(&self, params: &$params) -> Result<$out, $crate::Error> {
            self.$($client).+
                .fetch_query_at($crate::client::Domain::$domain, self.path() + $suffix, params)
                .await
        }
    };
    ($domain:ident [$($client:ident).+] $(#[$doc:meta])* $name:ident create $suffix:literal
        ($params:ty) -> $out:ty) => {
        $(#[$doc])*
        ///
        /// # Errors
        /// Any [`Error`](crate::Error) of the request.
        pub async fn $name(&self, params: &$params) -> Result<$out, $crate::Error> {
            self.$($client).+
                .create_at($crate::client::Domain::$domain, self.path() + $suffix, params)
                .await
        }
    };
    ($domain:ident [$($client:ident).+] $(#[$doc:meta])* $name:ident update $suffix:literal
        ($params:ty) -> $out:ty) => {
        $(#[$doc])*
        ///
        /// # Errors
        /// Any [`Error`](crate::Error) of the request.
        pub async fn $name(&self, params: &$params) -> Result<$out, $crate::Error> {
            self.$($client).+
                .update_at($crate::client::Domain::$domain, self.path() + $suffix, params)
                .await
        }
    };
    ($domain:ident [$($client:ident).+] $(#[$doc:meta])* $name:ident update_if_match $suffix:literal
        ($params:ty) -> $out:ty) => {
        $(#[$doc])*
        ///
        /// # Errors
        /// Any [`Error`](crate::Error) of the request.
        pub async fn $name(&self, params: &$params) -> Result<$out, $crate::Error> {
            let (path, etag) = (self.path() + $suffix, params.if_match.as_deref());
            self.$($client).+
                .update_if_match_at($crate::client::Domain::$domain, path, params, etag)
                .await
        }
    };
    ($domain:ident [$($client:ident).+] $(#[$doc:meta])* $name:ident delete_if_match
        $suffix:literal) => {
        $(#[$doc])*
        ///
        /// # Errors
        /// Any [`Error`](crate::Error) of the request.
        pub async fn $name(&self, etag: &str) -> Result<(), $crate::Error> {
            self.$($client).+
                .delete_if_match_at($crate::client::Domain::$domain, self.path() + $suffix, etag)
                .await
        }
    };
    ($domain:ident [$($client:ident).+] $(#[$doc:meta])* $name:ident delete $suffix:literal) => {
        $(#[$doc])*
        ///
        /// # Errors
        /// Any [`Error`](crate::Error) of the request.
        pub async fn $name(&self) -> Result<(), $crate::Error> {
            self.$($client).+
                .delete_at($crate::client::Domain::$domain, self.path() + $suffix)
                .await
        }
    };
    ($domain:ident [$($client:ident).+] $(#[$doc:meta])* $name:ident list $suffix:literal
        ($params:ty) -> $out:ty) => {
        $(#[$doc])*
        pub fn $name(&self, filter: $params) -> $crate::page::Lister<$out> {
            self.$($client).+
                .list_at($crate::client::Domain::$domain, self.path() + $suffix, &filter)
        }
    };
    ($domain:ident [$($client:ident).+] $(#[$doc:meta])* $name:ident list $suffix:literal
        -> $out:ty) => {
        $(#[$doc])*
        pub fn $name(&self) -> $crate::page::Lister<$out> {
            self.$($client).+.list_at(
                $crate::client::Domain::$domain,
                self.path() + $suffix,
                &$crate::NoParams,
            )
        }
    };
}

/// `impl ToForm` for a parameter struct whose parameters are all plain fields, in the
/// syntax of [`form_fields!`].
macro_rules! to_form {
    ($ty:ty { $($fields:tt)* }) => {
        impl $crate::form::ToForm for $ty {
            fn write(&self, form: &mut $crate::form::Form) {
                form_fields! { self, form; $($fields)* }
            }
        }
    };
}

/// Writes parameters into a form, one `"Key" => field` a parameter, in order: `field`
/// (an `Option`) is written when set, `[field]` (an `Option<Vec<_>>`) repeats the key
/// for each value, `(field)` (required) is always written, `{field}` (an
/// `Option<Secret>`) is written exposed on the wire and redacted in the form's `Debug`.
macro_rules! form_fields {
    ($self:ident, $form:ident; $($key:literal => $field:tt),* $(,)?) => {
        $(form_fields!(@field $self $form $key $field);)*
    };
    (@field $self:ident $form:ident $key:literal [$field:ident]) => {
        if let Some(values) = &$self.$field {
            $form.repeated($key, values);
        }
    };
    (@field $self:ident $form:ident $key:literal {$field:ident}) => {
        $form.secret($key, $self.$field.as_ref());
    };
    (@field $self:ident $form:ident $key:literal ($field:ident)) => {
        $form.push($key, $self.$field.to_string());
    };
    (@field $self:ident $form:ident $key:literal $field:ident) => {
        $form.opt($key, $self.$field.as_ref());
    };
}

/// `impl ListItem`: the resource type and the key of its array in a list page.
macro_rules! list_item {
    ($($ty:ty => $key:literal),+ $(,)?) => {
        $(impl $crate::page::ListItem for $ty {
            const KEY: &'static str = $key;
        })+
    };
}
