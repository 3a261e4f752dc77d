// Create a bucket
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketResponse;

public class CreateBucketExample {
    public static void main(String[] args) {
        try (S3Client client = S3Client.builder()
                .region(Region.US_WEST_2)
                .build()) {
            CreateBucketResponse response = client.createBucket(CreateBucketRequest.builder()
                    .bucket("amzn-s3-demo-logs")
                    .createBucketConfiguration(CreateBucketConfiguration.builder().locationConstraint(BucketLocationConstraint.US_WEST_2).build())
                    .build());
            System.out.println(response.location());
        }
    }
}
