// Store an object, then list the bucket
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

public class WriteThenListExample {
    public static void main(String[] args) {
        try (S3Client client = S3Client.builder()
                .region(Region.US_WEST_2)
                .build()) {
            // Replace with the name of your bucket.
            String bucket = "amzn-s3-demo-bucket";

            // Store the object.
            client.putObject(PutObjectRequest.builder()
                    .bucket(bucket)
                    .key("reports/2024.csv")
                    .build(), RequestBody.fromString("year,total\n2024,42\n"));

            // List the keys.
            ListObjectsV2Response response = client.listObjectsV2(ListObjectsV2Request.builder()
                    .bucket(bucket)
                    .build());
            System.out.println(response.keyCount());
        }
    }
}
