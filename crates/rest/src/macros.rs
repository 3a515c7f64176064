//! Macros for the shapes every parameter builder repeats.

/// Builder setters for optional parameters, one line each, docs carried through:
/// `name(Type)` stores `Some(value)`, `name(into Type)` takes `impl Into<Type>`, and
/// `name(iter Type)` collects any iterator of `Type`. The field has the setter's name.
macro_rules! setters {
    ($($(#[$doc:meta])* $name:ident($($spec:tt)+))*) => {
        $(setter!($(#[$doc])* $name($($spec)+));)*
    };
}

/// One setter of [`setters!`].
macro_rules! setter {
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

/// The standard operations of a resource handle whose path is `self.path()`: `fetch ->
/// T`, `update(Params) -> T` and `delete`, with their docs carried through and the
/// `# Errors` section added. `self.client` names the handle's `Client`.
macro_rules! resource_ops {
    (@ops $domain:ident $client:tt $($(#[$doc:meta])* $op:ident $(($params:ty))? $(-> $out:ty)?;)*) => {
        $(resource_op!($domain $client $(#[$doc])* $op $(($params))? $(-> $out)?);)*
    };
    ($domain:ident, self $(.$field:ident)+; $($ops:tt)*) => {
        resource_ops!(@ops $domain [$($field).+] $($ops)*);
    };
}

/// One operation of [`resource_ops!`].
macro_rules! resource_op {
    ($domain:ident [$($client:ident).+] $(#[$doc:meta])* fetch -> $out:ty) => {
        $(#[$doc])*
        ///
        /// # Errors
        /// Any [`Error`](crate::Error) of the request.
        pub async fn fetch(&self) -> Result<$out, $crate::Error> {
            self.$($client).+
                .fetch_at($crate::client::Domain::$domain, self.path())
                .await
        }
    };
    ($domain:ident [$($client:ident).+] $(#[$doc:meta])* update($params:ty) -> $out:ty) => {
        $(#[$doc])*
        ///
        /// # Errors
        /// Any [`Error`](crate::Error) of the request.
        pub async fn update(&self, params: &$params) -> Result<$out, $crate::Error> {
            self.$($client).+
                .update_at($crate::client::Domain::$domain, self.path(), params)
                .await
        }
    };
    ($domain:ident [$($client:ident).+] $(#[$doc:meta])* delete) => {
        $(#[$doc])*
        ///
        /// # Errors
        /// Any [`Error`](crate::Error) of the request.
        pub async fn delete(&self) -> Result<(), $crate::Error> {
            self.$($client).+
                .delete_at($crate::client::Domain::$domain, self.path())
                .await
        }
    };
}
