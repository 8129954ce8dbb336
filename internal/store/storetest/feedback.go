package storetest

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"healthqa/internal/store"
)

// FeedbackStore is a backend that keeps content and readers' feedback.
type FeedbackStore interface {
	store.Store
	store.Feedback
}

// RunFeedback runs the conformance suite of store.Feedback. open must
// return a new, empty store for each subtest; RunFeedback closes it.
func RunFeedback(t *testing.T, open func(t *testing.T) FeedbackStore) {
	tests := []struct {
		name string
		test func(t *testing.T, s FeedbackStore)
	}{
		{"UnknownAnswer", testFeedbackUnknownAnswer},
		{"OneVotePerVoter", testFeedbackOneVotePerVoter},
		{"ReasonsAsText", testFeedbackReasonsAsText},
		{"BadVotes", testFeedbackBadVotes},
		{"VersionUnchanged", testFeedbackVersionUnchanged},
		{"VotesOutliveAnswer", testFeedbackOutliveAnswer},
		{"Paging", testFeedbackPaging},
		{"ConcurrentVotes", testFeedbackConcurrent},
		{"VoteTokens", testVoteTokens},
		{"VoteTokensBadInput", testVoteTokensBadInput},
		{"VoteTokensConcurrent", testVoteTokensConcurrent},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			mustSync(t, s, fixture(), t0)
			tc.test(t, s)
		})
	}
}

// voter is a voter hash as the web layer makes them.
func voter(name string) []byte {
	h := sha256.Sum256([]byte(name))
	return h[:]
}

func vote(key, who string, helpful bool, reason string, at int) store.FeedbackVote {
	return store.FeedbackVote{AnswerKey: key, VoterHash: voter(who), Helpful: helpful, Reason: reason, At: t0.Add(time.Duration(at) * timeStep)}
}

const timeStep = time.Second

func mustVote(t *testing.T, s store.Feedback, v store.FeedbackVote) string {
	t.Helper()
	slug, err := s.RecordFeedback(context.Background(), v)
	if err != nil {
		t.Fatalf("RecordFeedback %+v: %v", v, err)
	}
	return slug
}

func summaries(t *testing.T, s store.Feedback) map[string]store.FeedbackSummary {
	t.Helper()
	list, total, err := s.FeedbackSummaries(context.Background(), 0, store.MaxFeedbackPage, store.MaxFeedbackReasons)
	if err != nil {
		t.Fatal(err)
	}
	if total != len(list) {
		t.Errorf("total %d, listed %d", total, len(list))
	}
	m := map[string]store.FeedbackSummary{}
	for _, f := range list {
		m[f.AnswerKey] = f
	}
	return m
}

func testFeedbackUnknownAnswer(t *testing.T, s FeedbackStore) {
	for _, key := range []string{"nope", "", "GARD_0001 ", "gard_0001", "GARD_0001\x00"} {
		_, err := s.RecordFeedback(context.Background(), vote(key, "a", true, "", 1))
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("vote on %q: err = %v, want ErrNotFound", key, err)
		}
	}
	if got := summaries(t, s); len(got) != 0 {
		t.Errorf("votes on unknown answers were kept: %+v", got)
	}
}

func testFeedbackOneVotePerVoter(t *testing.T, s FeedbackStore) {
	if slug := mustVote(t, s, vote("GARD_0001", "a", true, "clear", 1)); slug != "asthma-information" {
		t.Errorf("question slug %q, want asthma-information", slug)
	}
	mustVote(t, s, vote("GARD_0001", "b", true, "", 2))
	mustVote(t, s, vote("GARD_0001", "c", false, "too short", 3))
	// a changes their mind: the vote is replaced, not added.
	mustVote(t, s, vote("GARD_0001", "a", false, "on second thought", 4))
	// a's vote on another answer is another vote.
	mustVote(t, s, vote("CDC_0003", "a", true, "", 5))
	got := summaries(t, s)
	g := got["GARD_0001"]
	if g.Yes != 1 || g.No != 2 {
		t.Errorf("GARD_0001: %d yes, %d no; want 1 and 2", g.Yes, g.No)
	}
	wantReasons := []store.FeedbackReason{
		{Helpful: false, Reason: "on second thought", At: t0.Add(4 * timeStep)},
		{Helpful: false, Reason: "too short", At: t0.Add(3 * timeStep)},
	}
	if !reflect.DeepEqual(g.Reasons, wantReasons) {
		t.Errorf("reasons %+v, want %+v (the replaced reason gone, empty ones left out)", g.Reasons, wantReasons)
	}
	if g.QuestionSlug != "asthma-information" || g.QuestionTitle != "What is asthma?" || g.SourceKey != "GARD" {
		t.Errorf("answer described as %q %q %q", g.QuestionSlug, g.QuestionTitle, g.SourceKey)
	}
	if !g.Last.Equal(t0.Add(4*timeStep)) || g.Last.Location().String() != "UTC" {
		t.Errorf("last vote %v", g.Last)
	}
	if c := got["CDC_0003"]; c.Yes != 1 || c.No != 0 || len(c.Reasons) != 0 || c.Reasons == nil {
		t.Errorf("CDC_0003: %+v", c)
	}
}

func testFeedbackReasonsAsText(t *testing.T, s FeedbackStore) {
	hostile := []string{
		`<script>alert(1)</script>`,
		`'); DROP TABLE feedback_votes; --`,
		`"><img src=x onerror=alert(1)>`,
		`[x](javascript:alert(1))`,
		"ünïcödé ✓ " + strings.Repeat("é", 200),
		`%s %d {{.}} \x00`,
	}
	for i, r := range hostile {
		mustVote(t, s, vote("NINDS_0005", "v"+string(rune('a'+i)), i%2 == 0, r, i+1))
	}
	got := summaries(t, s)["NINDS_0005"]
	if len(got.Reasons) != len(hostile) {
		t.Fatalf("%d reasons, want %d", len(got.Reasons), len(hostile))
	}
	for i, r := range got.Reasons {
		if want := hostile[len(hostile)-1-i]; r.Reason != want {
			t.Errorf("reason %d = %q, want %q stored as written", i, r.Reason, want)
		}
	}
}

func testFeedbackBadVotes(t *testing.T, s FeedbackStore) {
	ok := vote("GARD_0001", "a", true, "", 1)
	tests := []struct {
		name string
		edit func(v *store.FeedbackVote)
	}{
		{"short voter hash", func(v *store.FeedbackVote) { v.VoterHash = v.VoterHash[:16] }},
		{"no voter hash", func(v *store.FeedbackVote) { v.VoterHash = nil }},
		{"reason too long", func(v *store.FeedbackVote) { v.Reason = strings.Repeat("x", store.MaxFeedbackReason+1) }},
		{"reason too long in runes", func(v *store.FeedbackVote) { v.Reason = strings.Repeat("é", store.MaxFeedbackReason+1) }},
		{"invalid UTF-8", func(v *store.FeedbackVote) { v.Reason = "bad \xff" }},
		{"NUL in reason", func(v *store.FeedbackVote) { v.Reason = "nul \x00 inside" }},
		{"no time", func(v *store.FeedbackVote) { v.At = time.Time{} }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := ok
			v.VoterHash = append([]byte{}, ok.VoterHash...)
			tc.edit(&v)
			if _, err := s.RecordFeedback(context.Background(), v); err == nil {
				t.Error("vote accepted")
			}
		})
	}
	if got := summaries(t, s); len(got) != 0 {
		t.Errorf("refused votes were kept: %+v", got)
	}
	// The longest reason, counted in runes, is accepted.
	edge := ok
	edge.Reason = strings.Repeat("é", store.MaxFeedbackReason)
	mustVote(t, s, edge)
}

func testFeedbackVersionUnchanged(t *testing.T, s FeedbackStore) {
	ctx := context.Background()
	before, err := s.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := s.SaveSearchSnapshot(ctx, before, []byte("index")); err != nil || !ok {
		t.Fatalf("SaveSearchSnapshot: %v %v", ok, err)
	}
	for i := range 5 {
		mustVote(t, s, vote("GARD_0001", string(rune('a'+i)), i%2 == 0, "why", i))
	}
	after, err := s.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after != before {
		t.Errorf("votes moved the version from %d to %d", before, after)
	}
	if _, err := s.SearchSnapshot(ctx, before); err != nil {
		t.Errorf("votes dropped the search snapshot: %v", err)
	}
}

func testFeedbackOutliveAnswer(t *testing.T, s FeedbackStore) {
	mustVote(t, s, vote("CDC_0003", "a", false, "outdated", 1))
	c := fixture()
	for i, a := range c.Answers {
		if a.Key == "CDC_0003" {
			c.Answers = append(c.Answers[:i], c.Answers[i+1:]...)
			break
		}
	}
	mustSync(t, s, c, t1)
	got := summaries(t, s)["CDC_0003"]
	if got.No != 1 || got.QuestionSlug != "" || got.SourceKey != "" || len(got.Reasons) != 1 {
		t.Errorf("votes of a removed answer: %+v; want kept, with the answer described as gone", got)
	}
	if _, err := s.RecordFeedback(context.Background(), vote("CDC_0003", "b", true, "", 2)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("vote on a removed answer: err = %v, want ErrNotFound", err)
	}
}

func testFeedbackPaging(t *testing.T, s FeedbackStore) {
	ctx := context.Background()
	keys := []string{"GARD_0001", "CDC_0003", "GARD_0004", "NINDS_0005"}
	for i, k := range keys {
		for j := range 3 {
			mustVote(t, s, vote(k, string(rune('a'+j)), true, "reason "+string(rune('a'+j)), i*10+j))
		}
	}
	list, total, err := s.FeedbackSummaries(ctx, 1, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	if total != 4 || len(list) != 2 {
		t.Fatalf("total %d, %d listed; want 4 and 2", total, len(list))
	}
	// Most recently voted on first: NINDS_0005, GARD_0004, CDC_0003, GARD_0001.
	if list[0].AnswerKey != "GARD_0004" || list[1].AnswerKey != "CDC_0003" {
		t.Errorf("page holds %s, %s; want GARD_0004, CDC_0003", list[0].AnswerKey, list[1].AnswerKey)
	}
	if len(list[0].Reasons) != 1 || list[0].Reasons[0].Reason != "reason c" {
		t.Errorf("reasons %+v; want only the newest", list[0].Reasons)
	}
	if list, total, err = s.FeedbackSummaries(ctx, 10, 5, 5); err != nil || total != 4 || len(list) != 0 || list == nil {
		t.Errorf("past the end: %v, total %d, %v", list, total, err)
	}
	for _, args := range [][3]int{{-1, 1, 1}, {0, -1, 1}, {0, 1, -1}} {
		if _, _, err := s.FeedbackSummaries(ctx, args[0], args[1], args[2]); err == nil {
			t.Errorf("FeedbackSummaries%v accepted", args)
		}
	}
}

func testFeedbackConcurrent(t *testing.T, s FeedbackStore) {
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 16 {
		wg.Go(func() {
			_, err := s.RecordFeedback(context.Background(), vote("NINDS_0006", "same", i%2 == 0, "", i))
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	got := summaries(t, s)["NINDS_0006"]
	if got.Yes+got.No != 1 {
		t.Errorf("16 votes of one voter counted %d yes and %d no; want one vote", got.Yes, got.No)
	}
}

// voteRule is a small bucket for the tests: 3 at once, then one every
// 10 seconds.
var voteRule = store.TokenBucket{Burst: 3, Every: 10 * time.Second}

func take(t *testing.T, s store.Feedback, client string, at time.Duration) (bool, time.Duration) {
	t.Helper()
	ok, wait, err := s.TakeVoteToken(context.Background(), client, t0.Add(at), voteRule)
	if err != nil {
		t.Fatalf("TakeVoteToken(%q, t0+%v): %v", client, at, err)
	}
	return ok, wait
}

// A burst, then one token per Every; each client its own bucket; a
// clock behind the stored one adds nothing; a bucket full again is as
// good as new.
func testVoteTokens(t *testing.T, s FeedbackStore) {
	for i := range voteRule.Burst {
		if ok, _ := take(t, s, "192.0.2.1", 0); !ok {
			t.Fatalf("token %d of the burst refused", i+1)
		}
	}
	if ok, wait := take(t, s, "192.0.2.1", time.Second); ok || wait != 9*time.Second {
		t.Errorf("past the burst: ok %v, wait %v; want refused, 9s", ok, wait)
	}
	if ok, _ := take(t, s, "192.0.2.2", time.Second); !ok {
		t.Error("another client refused")
	}
	// Another node's clock, a second behind: nothing added, nothing lost.
	if ok, wait := take(t, s, "192.0.2.1", 0); ok || wait != 9*time.Second {
		t.Errorf("a clock behind: ok %v, wait %v; want refused, 9s", ok, wait)
	}
	if ok, _ := take(t, s, "192.0.2.1", 10*time.Second); !ok {
		t.Error("refused after a refill")
	}
	if ok, _ := take(t, s, "192.0.2.1", 11*time.Second); ok {
		t.Error("a second token a second after a refill")
	}
	// Long after, full again (and forgotten): the whole burst.
	later := voteRule.FullBefore(t0).Sub(t0) * -2
	for i := range voteRule.Burst {
		if ok, _ := take(t, s, "192.0.2.1", later); !ok {
			t.Fatalf("token %d of a new burst refused", i+1)
		}
	}
	if ok, _ := take(t, s, "192.0.2.1", later); ok {
		t.Error("more than a burst after the bucket was forgotten")
	}
}

func testVoteTokensBadInput(t *testing.T, s FeedbackStore) {
	ctx := context.Background()
	for _, tc := range []struct {
		client string
		rule   store.TokenBucket
	}{
		{"", voteRule},
		{strings.Repeat("a", store.MaxClientKey+1), voteRule},
		{"192.0.2.1", store.TokenBucket{Burst: 0, Every: time.Second}},
		{"192.0.2.1", store.TokenBucket{Burst: 1}},
	} {
		if ok, _, err := s.TakeVoteToken(ctx, tc.client, t0, tc.rule); err == nil || ok {
			t.Errorf("TakeVoteToken(%d-byte client, %+v): ok %v, err %v; want an error", len(tc.client), tc.rule, ok, err)
		}
	}
	if ok, _ := take(t, s, strings.Repeat("a", store.MaxClientKey), 0); !ok {
		t.Error("a client key of the longest length refused")
	}
}

// Votes at once from one client on several connections (several nodes)
// take the burst once between them.
func testVoteTokensConcurrent(t *testing.T, s FeedbackStore) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	taken := 0
	for range 12 {
		wg.Go(func() {
			ok, _, err := s.TakeVoteToken(context.Background(), "198.51.100.9", t0, voteRule)
			if err != nil {
				t.Errorf("TakeVoteToken: %v", err)
			}
			if ok {
				mu.Lock()
				taken++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if taken != voteRule.Burst {
		t.Errorf("%d tokens taken by 12 votes at once, want the burst, %d", taken, voteRule.Burst)
	}
}

// VoteBucketsForgotten checks the bound on kept buckets: a flood of
// votes from many clients leaves one row each (rows counts them), and
// once their buckets are full again the next votes delete them, a
// bounded number per vote, until only the voters' own are left.
func VoteBucketsForgotten(t *testing.T, s store.Feedback, rows func() int) {
	const flood = 250
	for i := range flood {
		take(t, s, fmt.Sprintf("203.0.113.%d/%d", i%250, i), 0)
	}
	if n := rows(); n != flood {
		t.Fatalf("%d buckets after %d clients voted, want %d", n, flood, flood)
	}
	later := -2 * voteRule.FullBefore(t0).Sub(t0)
	for i := range 3 {
		take(t, s, fmt.Sprintf("192.0.2.%d", i), later)
	}
	if n := rows(); n != 3 {
		t.Errorf("%d buckets after three votes once the flood's were full, want the three voters' own", n)
	}
}
