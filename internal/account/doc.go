// Package account holds the rules of healthqa's accounts, apart from
// any storage or HTTP: argon2id password hashing and the password
// policy, random tokens and their stored hashes, the sign-in throttle
// policy, session timeouts, and the Viewer a request acts as.
//
// Secrets never reach the database as they are: passwords as argon2id
// PHC strings, session ids, invitations and API tokens as SHA-256
// digests, so that a copy of the database opens no account.
package account
