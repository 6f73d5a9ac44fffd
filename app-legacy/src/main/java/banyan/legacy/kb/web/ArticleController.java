package banyan.legacy.kb.web;

import java.util.List;

import banyan.legacy.kb.Article;
import banyan.legacy.kb.ArticleManagement;
import banyan.legacy.kb.ArticleStatus;
import banyan.legacy.kb.Articles;
import banyan.legacy.problem.EntityTags;
import banyan.legacy.user.SignedInUser;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.web.PagedModel;
import org.springframework.data.web.SortDefault;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The signed-in user's tenant's articles as a REST resource. Every article response
 * carries its version as an {@code ETag}; a write whose {@code If-Match} names an older
 * version is refused with 412, and so is a write that loses a race with a concurrent one.
 */
@RestController
@RequestMapping("/api/articles")
class ArticleController {

	private final Articles articles;

	private final ArticleManagement management;

	ArticleController(Articles articles, ArticleManagement management) {
		this.articles = articles;
		this.management = management;
	}

	@GetMapping
	PagedModel<ArticleResource> list(@AuthenticationPrincipal SignedInUser user,
			@RequestParam(required = false) @Nullable ArticleStatus status,
			@SortDefault(sort = "updatedAt", direction = Sort.Direction.DESC) Pageable pageable) {
		var page = (status != null) ? this.articles.findByTenantIdAndStatus(user.tenantId(), status, pageable)
				: this.articles.findByTenantId(user.tenantId(), pageable);
		return new PagedModel<>(page.map(ArticleResource::of));
	}

	@GetMapping("/{id}")
	ResponseEntity<ArticleResource> get(@AuthenticationPrincipal SignedInUser user, @PathVariable long id) {
		return withETag(ResponseEntity.ok(), this.management.find(user.tenantId(), id));
	}

	@GetMapping("/{id}/versions")
	List<ArticleManagement.ArticleVersion> versions(@AuthenticationPrincipal SignedInUser user, @PathVariable long id) {
		return this.management.versions(user.tenantId(), id);
	}

	@PostMapping
	ResponseEntity<ArticleResource> write(@AuthenticationPrincipal SignedInUser user,
			@Valid @RequestBody ArticleRequest request) {
		Article article = this.management.write(user.tenantId(), request.content(), user.username());
		var location = ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").buildAndExpand(article.id());
		return withETag(ResponseEntity.created(location.toUri()), article);
	}

	@PutMapping("/{id}")
	ResponseEntity<ArticleResource> revise(@AuthenticationPrincipal SignedInUser user, @PathVariable long id,
			@Valid @RequestBody ArticleRequest request,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		return withETag(ResponseEntity.ok(), this.management.revise(user.tenantId(), id,
				EntityTags.expectedVersion(ifMatch), request.content(), user.username()));
	}

	@PostMapping("/{id}/publish")
	ResponseEntity<ArticleResource> publish(@AuthenticationPrincipal SignedInUser user, @PathVariable long id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		return withETag(ResponseEntity.ok(),
				this.management.publish(user.tenantId(), id, EntityTags.expectedVersion(ifMatch), user.username()));
	}

	@PostMapping("/{id}/archive")
	ResponseEntity<ArticleResource> archive(@AuthenticationPrincipal SignedInUser user, @PathVariable long id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		return withETag(ResponseEntity.ok(),
				this.management.archive(user.tenantId(), id, EntityTags.expectedVersion(ifMatch), user.username()));
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@AuthenticationPrincipal SignedInUser user, @PathVariable long id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		this.management.delete(user.tenantId(), id, EntityTags.expectedVersion(ifMatch));
		return ResponseEntity.noContent().build();
	}

	private static ResponseEntity<ArticleResource> withETag(ResponseEntity.BodyBuilder response, Article article) {
		return response.eTag("\"" + article.version() + "\"").body(ArticleResource.of(article));
	}

}
